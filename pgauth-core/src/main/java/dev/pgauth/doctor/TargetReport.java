package dev.pgauth.doctor;

import dev.pgauth.FailureCategory;
import dev.pgauth.tls.TlsInfo;
import java.util.List;
import java.util.Optional;

/**
 * Doctor's result for one target. Contains no credential: only locators, TLS facts and role facts.
 *
 * @param tls  null when the TLS step did not complete
 * @param role null when the login did not complete
 */
public record TargetReport(String name, String method, String endpoint, String user, Status status,
                           List<Step> steps, List<Finding> findings, TlsInfo tls, RoleInfo role, String credentialSource, long millis) {

    public TargetReport {
        steps = List.copyOf(steps);
        findings = List.copyOf(findings);
    }

    /** The failure that made the target unusable or unsafe, if any. */
    public Optional<Finding> failure() {
        return findings.stream().filter(f -> f.severity() == Status.FAILED).findFirst();
    }

    public Optional<FailureCategory> category() {
        return failure().map(Finding::category);
    }
}
