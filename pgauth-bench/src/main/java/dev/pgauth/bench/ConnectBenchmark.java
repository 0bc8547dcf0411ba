package dev.pgauth.bench;

import dev.pgauth.PgAuthException;
import dev.pgauth.config.ConfigException;
import dev.pgauth.config.ConfigLoader;
import dev.pgauth.config.TargetSpec;
import dev.pgauth.config.TargetsConfig;
import dev.pgauth.connect.Connector;
import dev.pgauth.credential.CredentialProviders;
import dev.pgauth.sandbox.CertificateAuthority;
import dev.pgauth.sandbox.KeyFormat;
import dev.pgauth.sandbox.Sandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * New-connection latency against one sandbox server, same TLS settings (verify-full, same CA,
 * read-only session options): plain pgjdbc with a password property and with its own client-key
 * handling, against pgauth's password (password_file, read per connect) and mTLS (PEM key parsed
 * per connect) paths. Ratios pgauth / plain are the cost of pgauth.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ConnectBenchmark {
    private static final String PASSWORD = "bench-password-1";
    private static final org.postgresql.Driver DRIVER = new org.postgresql.Driver();

    Sandbox sandbox;
    Connector connector;
    TargetSpec passwordTarget;
    TargetSpec mtlsTarget;
    String url;
    Properties plainPassword;
    Properties plainMtls;

    @Setup(Level.Trial)
    public void setUp() throws IOException, ConfigException {
        sandbox = Sandbox.start();
        sandbox.createPasswordRole("bench_pw", PASSWORD, true);
        sandbox.createCertificateRole("bench_cert", true);
        Path dir = sandbox.files();
        Path pw = dir.resolve("pw");
        Files.writeString(pw, PASSWORD + "\n");
        Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
        CertificateAuthority.IssuedCertificate cert = sandbox.issueClientCertificate("bench_cert", false);
        cert.writeCertificate(dir.resolve("client.crt"));
        cert.writeKey(dir.resolve("client.key"), KeyFormat.PKCS8, null);
        Files.write(dir.resolve("client.pk8"), cert.keyPair().getPrivate().getEncoded());

        String common = "    host: " + sandbox.host() + "\n    port: " + sandbox.port() + "\n    dbname: postgres\n    sslrootcert_file: " + sandbox.caFile() + "\n";
        String yaml = "targets:\n  - name: pw\n" + common + "    user: bench_pw\n    password_file: " + pw + "\n"
                + "  - name: mtls\n" + common + "    user: bench_cert\n    auth_method: mtls\n    sslcert: " + dir.resolve("client.crt")
                + "\n    sslkey: " + dir.resolve("client.key") + "\n";
        CredentialProviders providers = CredentialProviders.discover(Map.of());
        TargetsConfig config = new ConfigLoader(Map.of(), List.of(providers.availabilityRule())).parse(yaml, dir.resolve("pgauth.yaml"));
        passwordTarget = config.target("pw").orElseThrow();
        mtlsTarget = config.target("mtls").orElseThrow();
        connector = new Connector(providers, Map.of(), Clock.systemUTC());

        url = "jdbc:postgresql://" + sandbox.host() + ":" + sandbox.port() + "/postgres";
        plainPassword = plain("bench_pw");
        plainPassword.setProperty("password", PASSWORD);
        plainMtls = plain("bench_cert");
        plainMtls.setProperty("sslcert", dir.resolve("client.crt").toString());
        plainMtls.setProperty("sslkey", dir.resolve("client.pk8").toString());
    }

    private Properties plain(String user) {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("sslmode", "verify-full");
        p.setProperty("sslrootcert", sandbox.caFile().toString());
        p.setProperty("ApplicationName", "pgauth");
        p.setProperty("options", "-c default_transaction_read_only=on");
        p.setProperty("gssEncMode", "disable");
        return p;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        sandbox.close();
    }

    @Benchmark
    public void baselinePgjdbcPassword() throws SQLException {
        DRIVER.connect(url, plainPassword).close();
    }

    @Benchmark
    public void pgauthPassword() throws SQLException, PgAuthException {
        connector.connect(passwordTarget).close();
    }

    @Benchmark
    public void baselinePgjdbcClientCertificate() throws SQLException {
        DRIVER.connect(url, plainMtls).close();
    }

    @Benchmark
    public void pgauthMtls() throws SQLException, PgAuthException {
        connector.connect(mtlsTarget).close();
    }
}
