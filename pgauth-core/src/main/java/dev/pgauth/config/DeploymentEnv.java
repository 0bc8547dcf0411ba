package dev.pgauth.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The top-level {@code env}: how strict TLS rules are for the {@code password} method. */
public enum DeploymentEnv {
    DEV, LAB, PROD;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<DeploymentEnv> fromKey(String key) {
        return Arrays.stream(values()).filter(e -> e.key().equals(key)).findFirst();
    }

    @Override
    public String toString() {
        return key();
    }
}
