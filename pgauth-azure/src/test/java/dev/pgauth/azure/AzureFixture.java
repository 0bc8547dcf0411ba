package dev.pgauth.azure;

import dev.pgauth.config.ConfigException;
import dev.pgauth.config.ConfigLoader;
import dev.pgauth.config.TargetSpec;
import dev.pgauth.config.TargetsConfig;
import dev.pgauth.connect.Connector;
import dev.pgauth.credential.CredentialProviders;
import dev.pgauth.testkit.azure.EntraTokenCheck;
import dev.pgauth.testkit.azure.FakeAzure;
import dev.pgauth.testkit.gate.GatedSandbox;
import dev.pgauth.testkit.http.LoopbackTls;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Azure fakes and a Flexible Server-like gate in front of the shared sandbox, plus pgauth wired
 * to them through the environment it is given (azure-identity reads it through its Configuration).
 * Instance metadata always points at a closed loopback port here, so the chain never probes
 * 169.254.169.254; managed identity itself is exercised by child processes (CliAzureTest).
 */
final class AzureFixture implements AutoCloseable {
    final FakeAzure azure;
    final GatedSandbox gate;
    final Path dir;
    final String closedPort;

    AzureFixture(Path dir) throws Exception {
        this.dir = dir;
        LoopbackTls.trustSandboxCaByDefault();
        azure = new FakeAzure(Clock.systemUTC());
        gate = new GatedSandbox(new EntraTokenCheck(azure), "azure_entra");
        closedPort = "http://127.0.0.1:" + closedPort();
        reset();
    }

    static void reset() {
        AzureIdentities.forgetAll();
        EntraTokenProvider.forgetTokens();
    }

    /** An environment with nothing but the authority, a dead IMDS and the vault endpoint. */
    Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("AZURE_AUTHORITY_HOST", azure.authorityHost());
        env.put("AZURE_POD_IDENTITY_AUTHORITY_HOST", closedPort);
        env.put(KeyVaultSecrets.ENDPOINT_ENV, azure.vaultEndpoint());
        return env;
    }

    /** The environment of a service principal with a client secret (EnvironmentCredential). */
    Map<String, String> servicePrincipal(String clientId, String secret) {
        Map<String, String> env = env();
        env.put("AZURE_TENANT_ID", FakeAzure.TENANT);
        env.put("AZURE_CLIENT_ID", clientId);
        env.put("AZURE_CLIENT_SECRET", secret);
        return env;
    }

    static TargetsConfig load(Map<String, String> env, Path dir, String... targets) throws ConfigException {
        CredentialProviders providers = CredentialProviders.discover(env);
        return new ConfigLoader(env, List.of(providers.availabilityRule())).parse("env: prod\ntargets:\n" + String.join("", targets), dir.resolve("pgauth.yaml"));
    }

    TargetSpec target(Map<String, String> env, String yaml) throws ConfigException {
        return load(env, dir, yaml).targets().get(0);
    }

    static Connector connector(Map<String, String> env) {
        return new Connector(CredentialProviders.discover(env), env, Clock.systemUTC());
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        gate.close();
        azure.close();
    }
}
