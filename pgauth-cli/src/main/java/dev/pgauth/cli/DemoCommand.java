package dev.pgauth.cli;

import dev.pgauth.PgAuth;
import dev.pgauth.config.ConfigException;
import dev.pgauth.doctor.Doctor;
import dev.pgauth.doctor.DoctorReport;
import dev.pgauth.doctor.Status;
import dev.pgauth.sandbox.CertificateAuthority;
import dev.pgauth.sandbox.KeyFormat;
import dev.pgauth.sandbox.Sandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start a throwaway PostgreSQL with TLS (generated CA, SCRAM and client-certificate roles),",
                "write a targets file for it (password_env, password_file, pgpass_file, mtls, and one deliberately",
                "broken target), run doctor on it and print the report. Everything is deleted on exit unless --keep."},
        footer = {"", "Exit codes: 0 the demo showed what it should, 1 it did not."})
final class DemoCommand implements Callable<Integer> {
    static final String PASSWORD_VARIABLE = "PGAUTH_DEMO_PASSWORD";

    private final CliContext cx;

    @Option(names = "--keep", description = "Leave the server running and print how to connect with psql; Ctrl-C stops it.")
    boolean keep;

    @Option(names = "--json", description = "Print the doctor report as JSON.")
    boolean json;

    @Option(names = "--verbose", description = "Also print library logs (never credentials).")
    boolean verbose;

    DemoCommand(CliContext cx) {
        this.cx = cx;
    }

    @Override
    public Integer call() throws Exception {
        cx.err().println("pgauth demo: starting a throwaway PostgreSQL with TLS on 127.0.0.1 …");
        Sandbox sandbox = Sandbox.start();
        Thread stopper = new Thread(sandbox::close, "pgauth-demo-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            Demo demo = new Demo(sandbox);
            Path config = demo.write();
            cx.err().println("pgauth demo: PostgreSQL " + sandbox.version() + " on " + sandbox.host() + ":" + sandbox.port() + "; targets file " + config);
            Map<String, String> env = new HashMap<>(cx.env());
            env.put(PASSWORD_VARIABLE, demo.password);
            env.remove("PGAUTH_ENV");
            PgAuth pgauth = PgAuth.load(config, env, cx.clock());
            DoctorReport report = new Doctor(pgauth.connector(), cx.clock(), Doctor.DEFAULT_PARALLELISM).run(pgauth.config(), pgauth.config().targets());
            cx.out().print(json ? DoctorJson.render(report, cx.clock()) : DoctorText.render(report, cx.clock()));
            boolean asExpected = report.targets().stream().allMatch(t -> t.name().equals(Demo.BROKEN) ? t.status() == Status.FAILED : t.status() == Status.OK);
            if (!json) {
                cx.out().println();
                cx.out().println(asExpected
                        ? "The four working targets log in over verified TLS as least-privilege roles; " + Demo.BROKEN
                          + " shows how a stale password is diagnosed."
                        : "Unexpected: a demo target did not come out as designed (see above).");
            }
            if (keep) {
                cx.out().print(demo.howToConnect(config));
                cx.out().flush();
                new CountDownLatch(1).await(); // until Ctrl-C; the shutdown hook stops the server
            }
            return asExpected ? 0 : 1;
        } catch (ConfigException e) {
            cx.err().println("pgauth demo: the generated config is invalid (a bug):\n" + e.getMessage());
            return 1;
        } finally {
            if (!keep) {
                sandbox.close();
                Runtime.getRuntime().removeShutdownHook(stopper);
            }
        }
    }

    /** The demo's roles, credential files and targets file, all inside the sandbox's private directory. */
    private static final class Demo {
        static final String BROKEN = "demo-broken";
        static final String PASSWORD_ROLE = "pgauth_demo";
        static final String CERT_ROLE = "pgauth_demo_cert";

        final Sandbox sandbox;
        final Path dir;
        final String password = randomSecret();
        Path cert;
        Path key;

        Demo(Sandbox sandbox) {
            this.sandbox = sandbox;
            this.dir = sandbox.files();
        }

        Path write() {
            sandbox.createPasswordRole(PASSWORD_ROLE, password, true);
            sandbox.createCertificateRole(CERT_ROLE, true);
            file("password", password + "\n");
            file("stale-password", randomSecret() + "\n");
            file("pgpass", "# host:port:database:user:password\n" + sandbox.host() + ":" + sandbox.port() + ":postgres:" + PASSWORD_ROLE + ":" + password + "\n");
            String passphrase = randomSecret();
            file("client.pass", passphrase + "\n");
            CertificateAuthority.IssuedCertificate issued = sandbox.issueClientCertificate(CERT_ROLE, false);
            cert = dir.resolve("client.crt");
            key = dir.resolve("client.key");
            issued.writeCertificate(cert);
            issued.writeKey(key, KeyFormat.PKCS8_ENCRYPTED, passphrase.toCharArray());
            String common = "    host: " + sandbox.host() + "\n    port: " + sandbox.port() + "\n    dbname: postgres\n"
                    + "    sslmode: verify-full\n    sslrootcert_file: " + sandbox.caFile() + "\n";
            String yaml = "# Generated by `pgauth demo`. Credential files sit beside this file (mode 0600).\nenv: dev\ntargets:\n"
                    + "  - name: demo-password-env\n" + common + "    user: " + PASSWORD_ROLE + "\n    password_env: " + PASSWORD_VARIABLE + "\n"
                    + "  - name: demo-password-file\n" + common + "    user: " + PASSWORD_ROLE + "\n    password_file: password\n"
                    + "  - name: demo-pgpass\n" + common + "    user: " + PASSWORD_ROLE + "\n    pgpass_file: pgpass\n"
                    + "  - name: demo-mtls\n" + common + "    user: " + CERT_ROLE + "\n    auth_method: mtls\n"
                    + "    sslcert: client.crt\n    sslkey: client.key\n    sslkey_passphrase_file: client.pass\n"
                    + "  - name: " + BROKEN + "     # its password file holds an old password\n" + common + "    user: " + PASSWORD_ROLE
                    + "\n    password_file: stale-password\n";
            return file("pgauth.yaml", yaml);
        }

        String howToConnect(Path config) {
            return "\nThe server keeps running until Ctrl-C. Connect with psql (libpq reads the password from the pgpass file):\n\n"
                    + "  PGPASSFILE=" + dir.resolve("pgpass") + " psql \"host=" + sandbox.host() + " port=" + sandbox.port()
                    + " dbname=postgres user=" + PASSWORD_ROLE + " sslmode=verify-full sslrootcert=" + sandbox.caFile() + "\"\n\n"
                    + "Or run doctor yourself:\n\n"
                    + "  export " + PASSWORD_VARIABLE + "=\"$(cat " + dir.resolve("password") + ")\"\n"
                    + "  ./pgauth doctor --config " + config + "\n";
        }

        private Path file(String name, String content) {
            try {
                Path p = dir.resolve(name);
                Files.writeString(p, content);
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
                return p;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static String randomSecret() {
            byte[] bytes = new byte[18];
            new SecureRandom().nextBytes(bytes);
            return HexFormat.of().formatHex(bytes);
        }
    }
}
