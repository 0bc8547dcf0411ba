package dev.pgauth.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Small file-permission helpers the sandbox needs in several places. */
final class Files2 {
    private Files2() {
    }

    static void ownerOnly(Path file) {
        chmod(file, "rw-------");
    }

    static void chmod(Path path, String permissions) {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
