package dev.pgauth.doctor;

import dev.pgauth.FailureCategory;

/** A problem doctor found: a failure (the target is unusable or unsafe) or a warning. */
public record Finding(Status severity, FailureCategory category, String problem, String fix) {
}
