package dev.pgauth.gcp;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import dev.pgauth.PgAuthException;
import dev.pgauth.config.SecretRef;
import dev.pgauth.config.TargetSpec;
import dev.pgauth.credential.ServiceEndpoints;
import dev.pgauth.credential.VaultSecretProvider;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;

/**
 * {@code secret_store} with a {@code projects/<p>/secrets/<s>/versions/<v>} reference, read from
 * Secret Manager with an ADC token (cloud-platform scope).
 */
final class GcpSecretProvider extends VaultSecretProvider {
    private final SecretRef.GcpSecretManager secretRef;
    private final GoogleIdentities.Identity identity;
    private final String endpointOverride;

    GcpSecretProvider(TargetSpec target, Map<String, String> env, Clock clock) {
        super(target, clock);
        this.secretRef = (SecretRef.GcpSecretManager) target.secretRef();
        this.identity = GoogleIdentities.Identity.of(target, env, GoogleIdentities.CLOUD_PLATFORM_SCOPE);
        String override = env.get(SecretManager.ENDPOINT_ENV);
        this.endpointOverride = override == null || override.isBlank() ? null : override;
    }

    @Override
    protected String fetch() throws PgAuthException {
        String endpoint = ServiceEndpoints.resolve(target.name(), SecretManager.ENDPOINT_ENV, endpointOverride, SecretManager.STANDARD_ENDPOINT);
        GoogleCredentials credentials = GoogleIdentities.credentials(target.name(), identity);
        AccessToken token;
        try {
            credentials.refreshIfExpired();
            token = credentials.getAccessToken();
        } catch (IOException e) {
            throw GoogleErrors.minting(target.name(), identity, GoogleIdentities.caller(credentials), e);
        }
        return SecretManager.access(target.name(), endpoint, secretRef, token.getTokenValue(), () -> GoogleIdentities.principal(credentials),
                target.connectTimeout());
    }
}
