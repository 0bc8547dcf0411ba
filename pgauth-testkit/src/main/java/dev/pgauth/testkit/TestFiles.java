package dev.pgauth.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Files tests write: credential files with explicit permissions (pgpass must be 0600 to be used). */
public final class TestFiles {
    private TestFiles() {
    }

    /** Writes {@code content} to {@code dir/name} with {@code permissions} such as {@code rw-------}. */
    public static Path write(Path dir, String name, String content, String permissions) {
        try {
            Path p = dir.resolve(name);
            Files.writeString(p, content);
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(permissions));
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Owner-only (0600). */
    public static Path secret(Path dir, String name, String content) {
        return write(dir, name, content, "rw-------");
    }
}
