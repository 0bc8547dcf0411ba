package dev.pgauth.bench;

import dev.pgauth.jdbc.GeneratedToken;
import dev.pgauth.jdbc.PgAuthDataSource;
import dev.pgauth.jdbc.TokenGenerators;
import dev.pgauth.sandbox.Sandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
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
 * New connections through JDBC against one sandbox server, same TLS (verify-full, same CA): plain
 * pgjdbc with a SCRAM password property, the {@code jdbc:pgauth:} driver with a password file read
 * per connect, and a named token generator whose token is reused while valid. Run once for latency
 * ({@code -bm avgt -t 1}) and once for connections per second ({@code -bm thrpt -t 2}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class JdbcConnectBenchmark {
    private static final String PASSWORD = "bench-jdbc-password";

    Sandbox sandbox;
    String plainUrl;
    Properties plain;
    String pgauthUrl;
    PgAuthDataSource generated;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        sandbox = Sandbox.start();
        sandbox.createPasswordRole("bench_jdbc", PASSWORD, true);
        Path pw = sandbox.files().resolve("pw");
        Files.writeString(pw, PASSWORD);
        Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
        String endpoint = sandbox.host() + ":" + sandbox.port() + "/postgres";
        plainUrl = "jdbc:postgresql://" + endpoint;
        plain = new Properties();
        plain.setProperty("user", "bench_jdbc");
        plain.setProperty("password", PASSWORD);
        plain.setProperty("sslmode", "verify-full");
        plain.setProperty("sslrootcert", sandbox.caFile().toString());
        plain.setProperty("options", "-c default_transaction_read_only=on");
        plain.setProperty("gssEncMode", "disable");
        String tls = "?sslmode=verify-full&sslrootcert=" + sandbox.caFile();
        pgauthUrl = "jdbc:pgauth:postgresql://bench_jdbc@" + endpoint + tls + "&pgauth.password_file=" + pw;
        TokenGenerators.register("bench", () -> (host, port, user) -> GeneratedToken.of(PASSWORD, Instant.now().plus(Duration.ofMinutes(15))));
        generated = new PgAuthDataSource("jdbc:pgauth:postgresql://bench_jdbc@" + endpoint + tls + "&pgauth.generator=bench");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        sandbox.close();
    }

    @Benchmark
    public void baselinePgjdbcScram() throws SQLException {
        DriverManager.getConnection(plainUrl, plain).close();
    }

    @Benchmark
    public void pgauthDriverPasswordFile() throws SQLException {
        DriverManager.getConnection(pgauthUrl).close();
    }

    @Benchmark
    public void pgauthGeneratorToken() throws SQLException {
        generated.getConnection().close();
    }
}
