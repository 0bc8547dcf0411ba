package dev.pgauth.doctor;

import java.util.Locale;

/** How a target (or one step of checking it) came out. */
public enum Status {
    OK, WARNING, FAILED, SKIPPED;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return key();
    }
}
