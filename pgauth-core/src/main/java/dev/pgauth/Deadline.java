package dev.pgauth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** The instant by which a target's connect (or doctor run) must finish; every network step takes what is left. */
public record Deadline(Instant end, Clock clock) {

    public static Deadline after(Duration budget, Clock clock) {
        return new Deadline(clock.instant().plus(budget), clock);
    }

    public Duration remaining() {
        Duration left = Duration.between(clock.instant(), end);
        return left.isNegative() ? Duration.ZERO : left;
    }

    public boolean expired() {
        return remaining().isZero();
    }

    /** Remaining whole milliseconds, at least 1 so it can be passed as a socket timeout (0 would mean "forever"). */
    public int remainingMillisForSocket() {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, remaining().toMillis()));
    }

    /** Remaining whole seconds, at least 1 (pgjdbc's timeouts are in seconds; 0 means "forever"). */
    public int remainingSecondsAtLeastOne() {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (remaining().toMillis() + 999) / 1000));
    }
}
