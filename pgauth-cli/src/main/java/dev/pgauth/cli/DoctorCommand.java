package dev.pgauth.cli;

import dev.pgauth.PgAuth;
import dev.pgauth.doctor.Doctor;
import dev.pgauth.doctor.DoctorReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Check every enabled target: DNS, TCP, TLS (verified before any credential is used),",
                "credential, login, then the role's safety (superuser, replication, bypassrls, pg_monitor).",
                "Targets are checked in parallel; each is bounded by its own connect_timeout."},
        footer = {"", "Exit codes: 0 all healthy (warnings allowed), 1 a target failed, 2 invalid config or unknown --target."})
final class DoctorCommand implements Callable<Integer> {
    private final CliContext cx;

    @Mixin
    ConfigOptions options;

    @Option(names = {"-t", "--target"}, paramLabel = "NAME", description = "Only these targets (repeatable).")
    List<String> only = new ArrayList<>();

    @Option(names = "--json", description = "Print a stable JSON report instead of the table.")
    boolean json;

    @Option(names = "--parallel", paramLabel = "N", description = "Targets checked at once (default: ${DEFAULT-VALUE}).")
    int parallel = Doctor.DEFAULT_PARALLELISM;

    DoctorCommand(CliContext cx) {
        this.cx = cx;
    }

    @Override
    public Integer call() {
        Optional<ConfigOptions.Selection> selected = options.select(cx, only);
        if (selected.isEmpty()) {
            return 2;
        }
        if (parallel < 1) {
            cx.err().println("doctor: --parallel must be at least 1.");
            return 2;
        }
        PgAuth pgauth = selected.get().pgauth();
        DoctorReport report = new Doctor(pgauth.connector(), cx.clock(), parallel).run(pgauth.config(), selected.get().targets());
        cx.out().print(json ? DoctorJson.render(report, cx.clock()) : DoctorText.render(report, cx.clock()));
        return report.healthy() ? 0 : 1;
    }
}
