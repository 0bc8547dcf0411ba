package dev.pgauth.gcp;

import dev.pgauth.config.AuthMethod;
import dev.pgauth.config.TargetSpec;
import dev.pgauth.credential.CredentialProvider;
import dev.pgauth.credential.CredentialProviderFactory;
import java.time.Clock;
import java.util.Map;
import java.util.Set;

/** Registers {@code gcp_cloudsql_iam}. */
public final class CloudSqlIamProviderFactory implements CredentialProviderFactory {
    @Override
    public Set<AuthMethod> methods() {
        return Set.of(AuthMethod.GCP_CLOUDSQL_IAM);
    }

    @Override
    public CredentialProvider create(TargetSpec target, Map<String, String> env) {
        return new CloudSqlIamProvider(target, env, Clock.systemUTC());
    }
}
