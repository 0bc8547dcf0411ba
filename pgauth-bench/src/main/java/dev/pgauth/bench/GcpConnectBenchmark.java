package dev.pgauth.bench;

import com.google.auth.oauth2.GoogleCredentials;
import dev.pgauth.Deadline;
import dev.pgauth.PgAuthException;
import dev.pgauth.config.ConfigLoader;
import dev.pgauth.config.TargetSpec;
import dev.pgauth.connect.Connector;
import dev.pgauth.credential.Credential;
import dev.pgauth.credential.CredentialProviders;
import dev.pgauth.sandbox.Sandbox;
import dev.pgauth.testkit.gate.GatedSandbox;
import dev.pgauth.testkit.gcp.CloudSqlTokenCheck;
import dev.pgauth.testkit.gcp.FakeGoogle;
import dev.pgauth.testkit.http.LoopbackTls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
 * gcp_cloudsql_iam: a new connection through the Cloud SQL-like gate (token reused while valid)
 * against a direct SCRAM connection to the same server; and a hot token acquisition through
 * pgauth against google-auth's own cached token.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class GcpConnectBenchmark {
    private static final String SA = "bench@pgauth-test.iam.gserviceaccount.com";

    FakeGoogle google;
    GatedSandbox gate;
    Connector connector;
    TargetSpec iam;
    GoogleCredentials library;
    DirectScram direct;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        LoopbackTls.trustSandboxCaByDefault();
        google = new FakeGoogle(Clock.systemUTC());
        gate = new GatedSandbox(new CloudSqlTokenCheck(google), "gcp_cloudsql_iam");
        FakeGoogle.ServiceAccount account = google.serviceAccount(SA);
        gate.allow(account.databaseUser());
        Path key = Files.createTempFile("pgauth-bench-gcp", ".json", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        key.toFile().deleteOnExit();
        Files.writeString(key, google.keyFile(account));
        Map<String, String> env = Map.of("GOOGLE_APPLICATION_CREDENTIALS", key.toString());
        CredentialProviders providers = CredentialProviders.discover(env);
        iam = new ConfigLoader(env, List.of(providers.availabilityRule())).parse("targets:\n" + gate.target("cloudsql", account.databaseUser()), null)
                .targets().get(0);
        connector = new Connector(providers, env, Clock.systemUTC());
        library = GoogleCredentials.fromStream(new ByteArrayInputStream(google.keyFile(account).getBytes(StandardCharsets.UTF_8)))
                .createScoped(FakeGoogle.SQL_LOGIN);
        library.refreshIfExpired();

        Sandbox sandbox = gate.sandbox;
        direct = new DirectScram(sandbox, "bench_gcp_scram");
        connector.connect(iam).close(); // fail at setup, not mid-measurement
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        gate.close();
        google.close();
    }

    @Benchmark
    public void baselineDirectScram() throws SQLException {
        direct.connectAndClose();
    }

    @Benchmark
    public void pgauthCloudSqlIamThroughGate() throws SQLException, PgAuthException {
        connector.connect(iam).close();
    }

    @Benchmark
    public Object hotTokenPgauth() throws PgAuthException {
        Credential c = connector.resolve(iam, Deadline.after(Duration.ofSeconds(5), Clock.systemUTC()));
        c.destroy();
        return c;
    }

    @Benchmark
    public Object hotTokenGoogleAuthCached() throws IOException {
        library.refreshIfExpired();
        return library.getAccessToken();
    }
}
