package dev.pgauth.gcp;

import com.google.auth.oauth2.ComputeEngineCredentials;
import com.google.auth.oauth2.ExternalAccountCredentials;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ImpersonatedCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.auth.oauth2.UserCredentials;
import dev.pgauth.PgAuthException;
import dev.pgauth.credential.ServiceEndpoints;
import dev.pgauth.config.TargetSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Google identities from Application Default Credentials (google-auth-library): a credentials file
 * named by {@code GOOGLE_APPLICATION_CREDENTIALS} (service-account key, external account /
 * workload identity federation, authorized user), gcloud's ADC file, or the metadata server —
 * optionally impersonating {@code gcp_impersonate_service_account} through IAM Credentials.
 * One credentials object per (source, impersonation, scope), shared.
 */
final class GoogleIdentities {
    static final String SQL_LOGIN_SCOPE = "https://www.googleapis.com/auth/sqlservice.login";
    static final String CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform";
    static final String CREDENTIALS_ENV = "GOOGLE_APPLICATION_CREDENTIALS";
    /** Where IAM Credentials is reached (Private Service Connect, or a test's loopback fake). */
    static final String IAM_CREDENTIALS_ENDPOINT_ENV = "PGAUTH_GCP_IAM_CREDENTIALS_ENDPOINT";

    /** What a credential is made from; equal identities share one credentials object. */
    record Identity(String credentialsFile, String impersonate, String iamEndpointOverride, String scope) {
        static Identity of(TargetSpec target, Map<String, String> env, String scope) {
            return new Identity(blankToNull(env.get(CREDENTIALS_ENV)), target.gcpImpersonateServiceAccount(),
                    blankToNull(env.get(IAM_CREDENTIALS_ENDPOINT_ENV)), scope);
        }

        private static String blankToNull(String value) {
            return value == null || value.isBlank() ? null : value;
        }

        String source() {
            return credentialsFile != null ? CREDENTIALS_ENV + " " + credentialsFile : "Application Default Credentials";
        }
    }

    private static final Map<Identity, GoogleCredentials> CREDENTIALS = new ConcurrentHashMap<>();

    private GoogleIdentities() {
    }

    /** The identity's credentials, scoped; loaded once (failures are not remembered). */
    static GoogleCredentials credentials(String target, Identity identity) throws PgAuthException {
        GoogleCredentials known = CREDENTIALS.get(identity);
        if (known != null) {
            return known;
        }
        GoogleCredentials ambient = GoogleErrors.loading(target, identity, () -> ambient(identity));
        GoogleCredentials made;
        if (identity.impersonate() != null) {
            String iam = ServiceEndpoints.resolve(target, IAM_CREDENTIALS_ENDPOINT_ENV, identity.iamEndpointOverride(), "https://iamcredentials.googleapis.com");
            made = ImpersonatedCredentials.newBuilder()
                    .setSourceCredentials(ambient)
                    .setTargetPrincipal(identity.impersonate())
                    .setScopes(List.of(identity.scope()))
                    .setLifetime(3600)
                    .setIamEndpointOverride(iam + "/v1/projects/-/serviceAccounts/" + identity.impersonate() + ":generateAccessToken")
                    .build();
        } else {
            made = ambient.createScoped(identity.scope()); // a no-op for gcloud user credentials, whose scopes were chosen at login
        }
        GoogleCredentials raced = CREDENTIALS.putIfAbsent(identity, made);
        return raced != null ? raced : made;
    }

    private static GoogleCredentials ambient(Identity identity) throws IOException {
        if (identity.credentialsFile() != null) {
            try (InputStream in = Files.newInputStream(Path.of(identity.credentialsFile()))) {
                return GoogleCredentials.fromStream(in);
            }
        }
        return GoogleCredentials.getApplicationDefault();
    }

    /** Who the credentials act as, when that can be known without another call; else what kind they are. */
    static String principal(GoogleCredentials credentials) {
        if (credentials instanceof ImpersonatedCredentials i) {
            return i.getAccount();
        }
        if (credentials instanceof ServiceAccountCredentials s) {
            return s.getClientEmail();
        }
        if (credentials instanceof ExternalAccountCredentials e && e.getServiceAccountEmail() != null) {
            return e.getServiceAccountEmail();
        }
        if (credentials instanceof ComputeEngineCredentials c) {
            try {
                return c.getAccount();
            } catch (RuntimeException e) {
                return "the metadata server's service account";
            }
        }
        if (credentials instanceof UserCredentials) {
            return "the gcloud user";
        }
        if (credentials instanceof ExternalAccountCredentials) {
            return "the federated workload identity";
        }
        return credentials.getClass().getSimpleName();
    }

    /** Who asks Google for the token: for impersonation, the ambient identity rather than the target. */
    static String caller(GoogleCredentials credentials) {
        return credentials instanceof ImpersonatedCredentials i ? principal(i.getSourceCredentials()) : principal(credentials);
    }

    /** Cloud SQL's database user for a principal: a service account's email loses .gserviceaccount.com. */
    static String databaseUser(String principal) {
        return principal.endsWith(".gserviceaccount.com") ? principal.substring(0, principal.length() - ".gserviceaccount.com".length()) : principal;
    }

    /** Tests switch identity sources within one JVM; production keeps its credentials. */
    static void forgetAll() {
        CREDENTIALS.clear();
    }
}
