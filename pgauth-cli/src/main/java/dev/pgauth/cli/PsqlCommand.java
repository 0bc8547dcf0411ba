package dev.pgauth.cli;

import dev.pgauth.Deadline;
import dev.pgauth.PgAuthException;
import dev.pgauth.config.TargetSpec;
import dev.pgauth.credential.Credential;
import dev.pgauth.credential.PasswordCredential;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "psql", mixinStandardHelpOptions = true,
        description = {"Run psql against a target: the credential goes into psql's environment (PGPASSWORD), never onto its",
                "command line, with the target's TLS settings (PGSSLMODE, PGSSLROOTCERT, and PGSSLCERT/PGSSLKEY for mtls)",
                "and a read-only session unless the target says read_only: false. Arguments after -- go to psql."},
        footer = {"", "Example: pgauth psql --target rds-prod -- -c 'select now()'",
                "", "Exit codes: psql's own; 1 the credential could not be had; 2 invalid config or usage."})
final class PsqlCommand implements Callable<Integer> {
    private final CliContext cx;

    @Mixin
    ConfigOptions options;

    @Option(names = {"-t", "--target"}, paramLabel = "NAME", required = true, description = "The target to connect to.")
    String target;

    @Option(names = "--psql", paramLabel = "PATH", description = "The psql to run (default: psql from PATH).")
    String psql = "psql";

    @Parameters(paramLabel = "PSQL_ARGS", description = "Passed to psql as they are.")
    List<String> psqlArgs = new ArrayList<>();

    PsqlCommand(CliContext cx) {
        this.cx = cx;
    }

    @Override
    public Integer call() throws InterruptedException {
        Optional<ConfigOptions.Selection> selected = options.select(cx, List.of(target));
        if (selected.isEmpty()) {
            return 2;
        }
        TargetSpec t = selected.get().single();
        Credential credential;
        try {
            credential = selected.get().pgauth().connector().resolve(t, Deadline.after(t.connectTimeout(), cx.clock()));
        } catch (PgAuthException e) {
            cx.err().println(e.getMessage());
            return 1;
        }
        List<String> command = new ArrayList<>();
        command.add(psql);
        command.addAll(psqlArgs);
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("PG"));
        env.put("PGHOST", t.host());
        env.put("PGPORT", Integer.toString(t.port()));
        env.put("PGDATABASE", t.dbname() == null ? t.user() : t.dbname());
        env.put("PGUSER", t.user());
        env.put("PGAPPNAME", t.applicationName());
        env.put("PGSSLMODE", t.sslmode().key());
        t.rootCertificatePath().ifPresent(p -> env.put("PGSSLROOTCERT", p.toString()));
        if (t.usesSystemTrust()) {
            env.put("PGSSLROOTCERT", "system");
        }
        if (t.readOnly()) {
            env.put("PGOPTIONS", "-c default_transaction_read_only=on");
        }
        if (t.sslcert() != null) {
            env.put("PGSSLCERT", t.sslcert().toString());
            env.put("PGSSLKEY", t.sslkey().toString());
        }
        try {
            if (credential instanceof PasswordCredential password) {
                env.put("PGPASSWORD", new String(password.secret()));
            }
            Process process = builder.start();
            return process.waitFor();
        } catch (IOException e) {
            cx.err().println(t.name() + ": psql: cannot run " + psql + " (" + e.getClass().getSimpleName() + "). Install the PostgreSQL client or pass --psql PATH.");
            return 127;
        } finally {
            credential.destroy();
        }
    }
}
