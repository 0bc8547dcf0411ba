package dev.pgauth.aws;

import dev.pgauth.config.AuthMethod;
import dev.pgauth.config.SecretRef;
import dev.pgauth.config.TargetSpec;
import dev.pgauth.credential.CredentialProvider;
import dev.pgauth.credential.CredentialProviderFactory;
import java.time.Clock;
import java.util.Map;
import java.util.Set;

/** Registers {@code secret_store} for Secrets Manager and SSM Parameter Store ARNs. */
public final class AwsSecretStoreProviderFactory implements CredentialProviderFactory {
    @Override
    public Set<AuthMethod> methods() {
        return Set.of(AuthMethod.SECRET_STORE);
    }

    @Override
    public boolean supports(TargetSpec target) {
        return target.authMethod() == AuthMethod.SECRET_STORE
                && (target.secretRef() instanceof SecretRef.AwsSecretsManager || target.secretRef() instanceof SecretRef.AwsSsmParameter);
    }

    @Override
    public CredentialProvider create(TargetSpec target, Map<String, String> env) {
        return new AwsSecretProvider(target, Clock.systemUTC());
    }
}
