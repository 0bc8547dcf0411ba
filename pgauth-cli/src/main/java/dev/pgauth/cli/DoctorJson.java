package dev.pgauth.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pgauth.doctor.DoctorReport;
import dev.pgauth.doctor.Finding;
import dev.pgauth.doctor.RoleInfo;
import dev.pgauth.doctor.Status;
import dev.pgauth.doctor.Step;
import dev.pgauth.doctor.TargetReport;
import dev.pgauth.tls.TlsInfo;
import java.time.Clock;

/**
 * The machine-readable doctor report. Field names and order are stable (documented in
 * docs/configuration.md); new fields may be added, existing ones are not renamed.
 */
final class DoctorJson {
    static final int FORMAT_VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private DoctorJson() {
    }

    static String render(DoctorReport report, Clock clock) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format_version", FORMAT_VERSION);
        root.put("env", report.env().key());
        root.put("started_at", report.startedAt().toString());
        root.put("duration_ms", report.millis());
        root.put("healthy", report.healthy());
        ObjectNode summary = root.putObject("summary");
        for (Status s : Status.values()) {
            summary.put(s.key(), report.targets().stream().filter(t -> t.status() == s).count());
        }
        ArrayNode targets = root.putArray("targets");
        for (TargetReport t : report.targets()) {
            ObjectNode n = targets.addObject();
            n.put("name", t.name());
            n.put("method", t.method());
            n.put("endpoint", t.endpoint());
            n.put("user", t.user());
            n.put("status", t.status().key());
            n.put("category", t.category().map(Enum::toString).orElse(null));
            n.put("problem", t.failure().map(Finding::problem).orElse(null));
            n.put("fix", t.failure().map(Finding::fix).orElse(null));
            n.put("credential_source", t.credentialSource());
            n.put("duration_ms", t.millis());
            ArrayNode steps = n.putArray("steps");
            for (Step s : t.steps()) {
                steps.addObject().put("step", s.name()).put("status", s.status().key()).put("detail", s.detail()).put("duration_ms", s.millis());
            }
            ArrayNode findings = n.putArray("findings");
            for (Finding f : t.findings()) {
                findings.addObject().put("severity", f.severity().key()).put("category", f.category().key()).put("problem", f.problem()).put("fix", f.fix());
            }
            tls(n, t.tls(), clock);
            role(n, t.role());
        }
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON report", e);
        }
    }

    private static void tls(ObjectNode n, TlsInfo tls, Clock clock) {
        if (tls == null) {
            n.putNull("tls");
            return;
        }
        n.putObject("tls").put("protocol", tls.protocol()).put("cipher_suite", tls.cipherSuite())
                .put("server_subject", tls.serverSubject()).put("server_issuer", tls.serverIssuer())
                .put("server_not_after", tls.serverNotAfter().toString()).put("days_to_expiry", tls.daysToExpiry(clock.instant()));
    }

    private static void role(ObjectNode n, RoleInfo role) {
        if (role == null) {
            n.putNull("role");
            return;
        }
        n.putObject("role").put("current_user", role.currentUser()).put("superuser", role.superuser()).put("replication", role.replication())
                .put("bypassrls", role.bypassRls()).put("pg_monitor", role.pgMonitor()).put("server_version", role.serverVersion())
                .put("in_recovery", role.inRecovery()).put("read_only_session", role.readOnlySession());
    }
}
