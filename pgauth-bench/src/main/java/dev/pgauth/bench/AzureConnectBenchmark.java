package dev.pgauth.bench;

import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.identity.ClientSecretCredentialBuilder;
import dev.pgauth.Deadline;
import dev.pgauth.PgAuthException;
import dev.pgauth.config.ConfigLoader;
import dev.pgauth.config.TargetSpec;
import dev.pgauth.connect.Connector;
import dev.pgauth.credential.Credential;
import dev.pgauth.credential.CredentialProviders;
import dev.pgauth.sandbox.Sandbox;
import dev.pgauth.testkit.gate.GatedSandbox;
import dev.pgauth.testkit.azure.EntraTokenCheck;
import dev.pgauth.testkit.azure.FakeAzure;
import dev.pgauth.testkit.http.LoopbackTls;
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
 * azure_entra: a new connection through the Flexible Server-like gate (token reused while valid)
 * against a direct SCRAM connection to the same server; and a hot token acquisition through
 * pgauth against azure-identity's own cached token (MSAL's cache).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AzureConnectBenchmark {
    private static final String APP = "bench-entra-app";
    private static final TokenRequestContext DATABASE = new TokenRequestContext().addScopes("https://ossrdbms-aad.database.windows.net/.default");

    FakeAzure azure;
    GatedSandbox gate;
    Connector connector;
    TargetSpec iam;
    TokenCredential library;
    DirectScram direct;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        LoopbackTls.trustSandboxCaByDefault();
        azure = new FakeAzure(Clock.systemUTC());
        gate = new GatedSandbox(new EntraTokenCheck(azure), "azure_entra");
        String clientId = azure.appWithSecret(APP, "bench-app-secret");
        gate.allow(APP);
        Map<String, String> env = Map.of("AZURE_TENANT_ID", FakeAzure.TENANT, "AZURE_CLIENT_ID", clientId, "AZURE_CLIENT_SECRET", "bench-app-secret",
                "AZURE_AUTHORITY_HOST", azure.authorityHost(), "AZURE_POD_IDENTITY_AUTHORITY_HOST", "http://127.0.0.1:9");
        CredentialProviders providers = CredentialProviders.discover(env);
        iam = new ConfigLoader(env, List.of(providers.availabilityRule())).parse("targets:\n" + gate.target("flex", APP), null).targets().get(0);
        connector = new Connector(providers, env, Clock.systemUTC());
        library = new ClientSecretCredentialBuilder().tenantId(FakeAzure.TENANT).clientId(clientId).clientSecret("bench-app-secret")
                .authorityHost(azure.authorityHost()).disableInstanceDiscovery().build();
        library.getTokenSync(DATABASE);

        Sandbox sandbox = gate.sandbox;
        direct = new DirectScram(sandbox, "bench_az_scram");
        connector.connect(iam).close(); // fail at setup, not mid-measurement
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        gate.close();
        azure.close();
    }

    @Benchmark
    public void baselineDirectScram() throws SQLException {
        direct.connectAndClose();
    }

    @Benchmark
    public void pgauthEntraThroughGate() throws SQLException, PgAuthException {
        connector.connect(iam).close();
    }

    @Benchmark
    public Object hotTokenPgauth() throws PgAuthException {
        Credential c = connector.resolve(iam, Deadline.after(Duration.ofSeconds(5), Clock.systemUTC()));
        c.destroy();
        return c;
    }

    @Benchmark
    public Object hotTokenAzureIdentityCached() {
        return library.getTokenSync(DATABASE);
    }
}
