package dev.pgauth.gcp;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import dev.pgauth.PgAuthException;
import dev.pgauth.credential.ServiceEndpoints;
import dev.pgauth.config.SecretRef;
import dev.pgauth.config.TargetSpec;
import dev.pgauth.credential.Credential;
import dev.pgauth.credential.CredentialProvider;
import dev.pgauth.credential.FetchedSecret;
import dev.pgauth.credential.PasswordCredential;
import dev.pgauth.credential.ResolveContext;
import dev.pgauth.credential.SharedCredential;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * {@code secret_store} with a {@code projects/<p>/secrets/<s>/versions/<v>} reference: the password
 * is read from Secret Manager with an ADC token (cloud-platform scope) on every new connection, or
 * reused in memory for at most {@code max_cache_ttl}.
 */
final class GcpSecretProvider implements CredentialProvider {
    private final TargetSpec target;
    private final SecretRef.GcpSecretManager ref;
    private final GoogleIdentities.Identity identity;
    private final String endpointOverride;
    private final SharedCredential cache;

    GcpSecretProvider(TargetSpec target, Map<String, String> env, Clock clock) {
        this.target = target;
        this.ref = (SecretRef.GcpSecretManager) target.secretRef();
        this.identity = GoogleIdentities.Identity.of(target, env, GoogleIdentities.CLOUD_PLATFORM_SCOPE);
        String override = env.get(SecretManager.ENDPOINT_ENV);
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
        String endpoint = ServiceEndpoints.resolve(target.name(), SecretManager.ENDPOINT_ENV, endpointOverride, SecretManager.STANDARD_ENDPOINT);
        GoogleCredentials credentials = GoogleIdentities.credentials(target.name(), identity);
        String principal = GoogleIdentities.principal(credentials);
        AccessToken token;
        try {
            credentials.refreshIfExpired();
            token = credentials.getAccessToken();
        } catch (IOException e) {
            throw GoogleErrors.minting(target.name(), identity, GoogleIdentities.caller(credentials), e);
        }
        return SecretManager.access(target.name(), endpoint, ref, token.getTokenValue(), principal, target.connectTimeout());
    }
}
