package dev.pgauth.cli;

import dev.pgauth.doctor.DoctorReport;
import dev.pgauth.doctor.Finding;
import dev.pgauth.doctor.Status;
import dev.pgauth.doctor.Step;
import dev.pgauth.doctor.TargetReport;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The human doctor report: one line per target, then what is wrong and how to fix it. */
final class DoctorText {
    private DoctorText() {
    }

    static String render(DoctorReport report, Clock clock) {
        StringBuilder b = new StringBuilder();
        Map<Status, Long> counts = report.targets().stream().collect(Collectors.groupingBy(TargetReport::status, TreeMap::new, Collectors.counting()));
        b.append("pgauth doctor: env ").append(report.env()).append(", ").append(report.targets().size()).append(" targets in ")
                .append(String.format("%.1fs", report.millis() / 1000.0)).append(": ")
                .append(counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", ")))
                .append("\n\n");
        int nameWidth = Math.max(6, report.targets().stream().mapToInt(t -> t.name().length()).max().orElse(6));
        int methodWidth = report.targets().stream().mapToInt(t -> t.method().length()).max().orElse(6);
        int endpointWidth = Math.max(8, report.targets().stream().mapToInt(t -> t.endpoint().length()).max().orElse(8));
        String indent = " ".repeat(11);
        for (TargetReport t : report.targets()) {
            b.append(String.format("  %-8s %-" + nameWidth + "s  %-" + methodWidth + "s  %-" + endpointWidth + "s  %s%n",
                    t.status() == Status.FAILED ? "FAILED" : t.status().key(), t.name(), t.method(), t.endpoint(), summary(t, clock)));
            if (t.status() == Status.FAILED) {
                b.append(indent).append("steps: ").append(t.steps().stream().map(s -> s.name() + " " + s.status()).collect(Collectors.joining(", "))).append('\n');
            }
            for (Finding f : t.findings()) {
                b.append(indent).append(f.category()).append(": ").append(f.problem()).append('\n');
                b.append(indent).append("fix: ").append(f.fix()).append('\n');
            }
        }
        return b.toString();
    }

    private static String summary(TargetReport t, Clock clock) {
        if (t.status() == Status.SKIPPED) {
            return "disabled (enabled: false)";
        }
        StringBuilder s = new StringBuilder("as ").append(t.user());
        if (t.tls() != null) {
            s.append(", ").append(t.tls().protocol()).append(", server cert ").append(t.tls().daysToExpiry(clock.instant())).append("d left");
        }
        if (t.credentialSource() != null) {
            s.append(", ").append(t.credentialSource());
        }
        if (t.role() != null) {
            s.append(", PostgreSQL ").append(t.role().serverVersion()).append(t.role().inRecovery() ? " standby" : " primary");
        }
        Step last = t.steps().isEmpty() ? null : t.steps().get(t.steps().size() - 1);
        if (t.status() == Status.FAILED && last != null) {
            s.append(" (failed at ").append(last.name()).append(')');
        }
        return s.toString();
    }
}
