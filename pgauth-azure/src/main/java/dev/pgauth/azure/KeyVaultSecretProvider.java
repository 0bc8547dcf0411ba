package dev.pgauth.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenRequestContext;
import dev.pgauth.PgAuthException;
import dev.pgauth.config.SecretRef;
import dev.pgauth.config.TargetSpec;
import dev.pgauth.credential.Credential;
import dev.pgauth.credential.CredentialProvider;
import dev.pgauth.credential.FetchedSecret;
import dev.pgauth.credential.PasswordCredential;
import dev.pgauth.credential.ResolveContext;
import dev.pgauth.credential.ServiceEndpoints;
import dev.pgauth.credential.SharedCredential;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * {@code secret_store} with a Key Vault URL: the password is read with the Azure identity on every
 * new connection, or reused in memory for at most {@code max_cache_ttl}.
 */
final class KeyVaultSecretProvider implements CredentialProvider {
    private final TargetSpec target;
    private final SecretRef.AzureKeyVault ref;
    private final AzureIdentities.Identity identity;
    private final String endpointOverride;
    private final SharedCredential cache;

    KeyVaultSecretProvider(TargetSpec target, Map<String, String> env, Clock clock) {
        this.target = target;
        this.ref = (SecretRef.AzureKeyVault) target.secretRef();
        this.identity = AzureIdentities.Identity.of(target, env);
        String override = env.get(KeyVaultSecrets.ENDPOINT_ENV);
        this.endpointOverride = override == null || override.isBlank() ? null : override;
        Duration ttl = target.maxCacheTtl() == null ? Duration.ZERO : target.maxCacheTtl();
        this.cache = new SharedCredential(target.name(), context -> FetchedSecret.password(target, fetch(), ttl.isZero() ? null : clock.instant().plus(ttl)),
                clock, Duration.ZERO);
    }

    @Override
    public Credential resolve(ResolveContext context) throws PgAuthException {
        return cache.get(context);
    }

    @Override
    public boolean rejected(Credential credential) {
        return credential instanceof PasswordCredential p && cache.reject(p);
    }

    @Override
    public String rejectionFix() {
        return FetchedSecret.rejectionFix(target);
    }

    private String fetch() throws PgAuthException {
        String vault = ServiceEndpoints.resolve(target.name(), KeyVaultSecrets.ENDPOINT_ENV, endpointOverride, ref.vaultUrl());
        AccessToken token;
        try {
            token = AzureIdentities.credential(identity).getTokenSync(new TokenRequestContext().addScopes(KeyVaultSecrets.scope(ref)));
        } catch (RuntimeException e) {
            String managedIdentity = AzureErrors.managedIdentityAnswered(e) ? AzureIdentities.managedIdentityFailure(identity, KeyVaultSecrets.scope(ref)) : null;
            throw AzureErrors.tokenFailure(target.name(), identity, "Key Vault", e, managedIdentity);
        }
        return KeyVaultSecrets.get(target.name(), vault, ref, token.getToken(), EntraClaims.principal(token.getToken()), target.connectTimeout());
    }
}
