package dev.pgauth.azure;

import com.azure.core.credential.AccessToken;
import dev.pgauth.PgAuthException;
import dev.pgauth.config.SecretRef;
import dev.pgauth.config.TargetSpec;
import dev.pgauth.credential.ServiceEndpoints;
import dev.pgauth.credential.VaultSecretProvider;
import java.time.Clock;
import java.util.Map;

/** {@code secret_store} with a Key Vault secret URL, read with the Azure identity. */
final class KeyVaultSecretProvider extends VaultSecretProvider {
    private final SecretRef.AzureKeyVault vaultRef;
    private final AzureIdentities.Identity identity;
    private final String endpointOverride;

    KeyVaultSecretProvider(TargetSpec target, Map<String, String> env, Clock clock) {
        super(target, clock);
        this.vaultRef = (SecretRef.AzureKeyVault) target.secretRef();
        this.identity = AzureIdentities.Identity.of(target, env);
        String override = env.get(KeyVaultSecrets.ENDPOINT_ENV);
        this.endpointOverride = override == null || override.isBlank() ? null : override;
    }

    @Override
    protected String fetch() throws PgAuthException {
        String vault = ServiceEndpoints.resolve(target.name(), KeyVaultSecrets.ENDPOINT_ENV, endpointOverride, vaultRef.vaultUrl());
        AccessToken token = AzureIdentities.token(target.name(), identity, KeyVaultSecrets.scope(vaultRef), "Key Vault");
        return KeyVaultSecrets.get(target.name(), vault, vaultRef, token.getToken(), EntraClaims.principal(token.getToken()), target.connectTimeout());
    }
}
