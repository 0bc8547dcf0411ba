package dev.pgauth.azure;

import dev.pgauth.config.AuthMethod;
import dev.pgauth.config.SecretRef;
import dev.pgauth.config.TargetSpec;
import dev.pgauth.credential.CredentialProvider;
import dev.pgauth.credential.CredentialProviderFactory;
import java.time.Clock;
import java.util.Map;
import java.util.Set;

/** Registers {@code secret_store} for Key Vault secret URLs. */
public final class KeyVaultSecretStoreProviderFactory implements CredentialProviderFactory {
    @Override
    public Set<AuthMethod> methods() {
        return Set.of(AuthMethod.SECRET_STORE);
    }

    @Override
    public boolean supports(TargetSpec target) {
        return target.authMethod() == AuthMethod.SECRET_STORE && target.secretRef() instanceof SecretRef.AzureKeyVault;
    }

    @Override
    public CredentialProvider create(TargetSpec target, Map<String, String> env) {
        return new KeyVaultSecretProvider(target, env, Clock.systemUTC());
    }
}
