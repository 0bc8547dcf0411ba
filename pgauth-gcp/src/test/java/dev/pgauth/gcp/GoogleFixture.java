package dev.pgauth.gcp;

import dev.pgauth.config.ConfigException;
import dev.pgauth.config.ConfigLoader;
import dev.pgauth.config.TargetSpec;
import dev.pgauth.config.TargetsConfig;
import dev.pgauth.connect.Connector;
import dev.pgauth.credential.CredentialProviders;
import dev.pgauth.testkit.TestFiles;
import dev.pgauth.testkit.gate.GatedSandbox;
import dev.pgauth.testkit.gcp.CloudSqlTokenCheck;
import dev.pgauth.testkit.gcp.FakeGoogle;
import dev.pgauth.testkit.http.LoopbackTls;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The Google fakes and a Cloud SQL-like gate in front of the shared sandbox, plus pgauth wired to
 * them the way a deployment is: through the environment it is given (GOOGLE_APPLICATION_CREDENTIALS
 * and the endpoint overrides), never through code.
 */
final class GoogleFixture implements AutoCloseable {
    final FakeGoogle google;
    final GatedSandbox gate;
    final Path dir;

    GoogleFixture(Path dir) throws Exception {
        this.dir = dir;
        LoopbackTls.trustSandboxCaByDefault();
        google = new FakeGoogle(Clock.systemUTC());
        gate = new GatedSandbox(new CloudSqlTokenCheck(google), "gcp_cloudsql_iam");
        GoogleIdentities.forgetAll();
        CloudSqlIamProvider.forgetTokens();
    }

    /** The environment of a process whose ADC is this credentials file. */
    Map<String, String> env(String credentialsJson) {
        Map<String, String> env = new HashMap<>();
        env.put("GOOGLE_APPLICATION_CREDENTIALS", TestFiles.secret(dir, "adc-" + UUID.randomUUID() + ".json", credentialsJson).toString());
        env.put(GoogleIdentities.IAM_CREDENTIALS_ENDPOINT_ENV, google.endpoint());
        env.put(SecretManager.ENDPOINT_ENV, google.endpoint());
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

    @Override
    public void close() throws Exception {
        gate.close();
        google.close();
    }
}
