package dev.pgauth.bench;

import dev.pgauth.config.ConfigLoader;
import dev.pgauth.config.TargetSpec;
import dev.pgauth.config.TargetsConfig;
import dev.pgauth.connect.Connector;
import dev.pgauth.credential.CredentialProviders;
import dev.pgauth.doctor.Doctor;
import dev.pgauth.doctor.DoctorReport;
import dev.pgauth.doctor.Status;
import dev.pgauth.doctor.TargetReport;
import dev.pgauth.sandbox.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Whole-run measurement: doctor over N targets (default 200) on one sandbox, several rounds, with a
 * baseline in the same run: the same N logins and role query done one after another with plain
 * pgjdbc. Prints wall times, the per-target median and the ratio.
 * <p>Run: {@code java -cp pgauth-bench/target/benchmarks.jar dev.pgauth.bench.DoctorFleetRun [targets] [rounds]}
 */
public final class DoctorFleetRun {
    private DoctorFleetRun() {
    }

    public static void main(String[] args) throws Exception {
        int targets = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        try (Sandbox sandbox = Sandbox.start()) {
            sandbox.createPasswordRole("fleet", "fleet-password", true);
            Path dir = sandbox.files();
            Path pw = dir.resolve("pw");
            Files.writeString(pw, "fleet-password");
            Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
            StringBuilder yaml = new StringBuilder("targets:\n");
            for (int i = 0; i < targets; i++) {
                yaml.append("  - name: t").append(i).append("\n    host: ").append(sandbox.host()).append("\n    port: ").append(sandbox.port())
                        .append("\n    dbname: postgres\n    user: fleet\n    sslrootcert_file: ").append(sandbox.caFile())
                        .append("\n    password_file: ").append(pw).append('\n');
            }
            CredentialProviders providers = CredentialProviders.discover(Map.of());
            TargetsConfig config = new ConfigLoader(Map.of(), List.of(providers.availabilityRule())).parse(yaml.toString(), dir.resolve("pgauth.yaml"));
            Doctor doctor = new Doctor(new Connector(providers, Map.of(), Clock.systemUTC()), Clock.systemUTC(), Doctor.DEFAULT_PARALLELISM);

            doctor.run(config, config.targets()); // warm-up
            baseline(sandbox, config.targets());
            long[] doctorMs = new long[rounds];
            long[] baselineMs = new long[rounds];
            List<Long> perTarget = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                DoctorReport report = doctor.run(config, config.targets());
                doctorMs[r] = (System.nanoTime() - t0) / 1_000_000;
                if (report.targets().stream().anyMatch(t -> t.status() != Status.OK)) {
                    throw new IllegalStateException("a fleet target was not ok: " + report);
                }
                report.targets().stream().map(TargetReport::millis).forEach(perTarget::add);
                baselineMs[r] = baseline(sandbox, config.targets());
            }
            perTarget.sort(null);
            long doctorMedian = median(doctorMs);
            long baselineMedian = median(baselineMs);
            System.out.printf("targets=%d rounds=%d parallelism=%d%n", targets, rounds, Doctor.DEFAULT_PARALLELISM);
            System.out.printf("doctor wall time per round (ms): %s, median %d%n", Arrays.toString(doctorMs), doctorMedian);
            System.out.printf("doctor per-target median (ms): %d, p90 %d%n", perTarget.get(perTarget.size() / 2), perTarget.get(perTarget.size() * 9 / 10));
            System.out.printf("baseline sequential pgjdbc login + role query per round (ms): %s, median %d%n", Arrays.toString(baselineMs), baselineMedian);
            System.out.printf("ratio doctor / sequential baseline: %.2f%n", (double) doctorMedian / baselineMedian);
        }
    }

    private static long baseline(Sandbox sandbox, List<TargetSpec> targets) throws Exception {
        org.postgresql.Driver driver = new org.postgresql.Driver();
        long t0 = System.nanoTime();
        for (TargetSpec t : targets) {
            Properties p = new Properties();
            p.setProperty("user", t.user());
            p.setProperty("password", "fleet-password");
            p.setProperty("sslmode", "verify-full");
            p.setProperty("sslrootcert", sandbox.caFile().toString());
            try (Connection c = driver.connect("jdbc:postgresql://" + t.endpoint() + "/postgres", p);
                 ResultSet rs = c.createStatement().executeQuery("select rolsuper, pg_has_role(current_user, 'pg_monitor', 'MEMBER') from pg_roles where rolname = current_user")) {
                rs.next();
            }
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
