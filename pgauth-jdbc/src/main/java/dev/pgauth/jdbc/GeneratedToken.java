package dev.pgauth.jdbc;

import java.time.Instant;
import java.util.Objects;

/**
 * A token and when it stops being valid. pgauth reuses it in memory, shared by concurrent
 * connects, until shortly before {@code expiresAt}; a null expiry means "use once".
 */
public record GeneratedToken(char[] value, Instant expiresAt) {

    public GeneratedToken {
        Objects.requireNonNull(value, "value");
    }

    public static GeneratedToken of(String value, Instant expiresAt) {
        return new GeneratedToken(value.toCharArray(), expiresAt);
    }

    @Override
    public String toString() {
        return "GeneratedToken[value=***, expiresAt=" + expiresAt + "]";
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
