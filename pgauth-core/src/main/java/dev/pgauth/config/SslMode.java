package dev.pgauth.config;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** libpq's sslmode values. */
public enum SslMode {
    DISABLE("disable"),
    ALLOW("allow"),
    PREFER("prefer"),
    REQUIRE("require"),
    VERIFY_CA("verify-ca"),
    VERIFY_FULL("verify-full");

    private final String key;

    SslMode(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** The server certificate chain is checked against {@code sslrootcert_file}. */
    public boolean verifiesCertificate() {
        return this == VERIFY_CA || this == VERIFY_FULL;
    }

    public static Optional<SslMode> fromKey(String key) {
        return Arrays.stream(values()).filter(m -> m.key.equals(key)).findFirst();
    }

    public static String supportedKeys() {
        return Arrays.stream(values()).map(SslMode::key).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return key;
    }
}
