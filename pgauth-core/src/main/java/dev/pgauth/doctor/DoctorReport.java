package dev.pgauth.doctor;

import dev.pgauth.config.DeploymentEnv;
import java.time.Instant;
import java.util.List;

/** Doctor's results for every selected target, in config order. */
public record DoctorReport(DeploymentEnv env, Instant startedAt, long millis, List<TargetReport> targets) {

    public DoctorReport {
        targets = List.copyOf(targets);
    }

    /** No enabled target failed (warnings allowed). */
    public boolean healthy() {
        return targets.stream().noneMatch(t -> t.status() == Status.FAILED);
    }
}
