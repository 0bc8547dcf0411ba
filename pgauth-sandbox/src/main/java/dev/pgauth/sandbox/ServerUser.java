package dev.pgauth.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The operating-system user the sandbox server runs as. PostgreSQL refuses to run as root, so
 * when this JVM is root (CI containers) the server runs as {@code nobody} through {@code setpriv},
 * and its data directory is handed to that user.
 */
final class ServerUser {
    private static final int NOBODY = 65534;

    private final boolean dropPrivileges;

    private ServerUser(boolean dropPrivileges) {
        this.dropPrivileges = dropPrivileges;
    }

    static ServerUser current() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return new ServerUser(Integer.valueOf(0).equals(uid));
        } catch (IOException | UnsupportedOperationException e) {
            return new ServerUser(false);
        }
    }

    /** The command line that runs {@code command} as the server user. */
    List<String> command(List<String> command) {
        if (!dropPrivileges) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Makes {@code dir} and everything below it belong to the server user. */
    void own(Path dir) {
        if (!dropPrivileges) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            UserPrincipalLookupService lookup = dir.getFileSystem().getUserPrincipalLookupService();
            var user = lookup.lookupPrincipalByName(String.valueOf(NOBODY));
            GroupPrincipal group = lookup.lookupPrincipalByGroupName(String.valueOf(NOBODY));
            for (Path p : (Iterable<Path>) paths::iterator) {
                PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
                view.setOwner(user);
                view.setGroup(group);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
