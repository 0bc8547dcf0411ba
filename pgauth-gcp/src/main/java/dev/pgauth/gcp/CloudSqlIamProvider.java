package dev.pgauth.gcp;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import dev.pgauth.PgAuthException;
import dev.pgauth.config.AuthMethod;
import dev.pgauth.config.TargetSpec;
import dev.pgauth.credential.Credential;
import dev.pgauth.credential.CredentialInfo;
import dev.pgauth.credential.CredentialProvider;
import dev.pgauth.credential.PasswordCredential;
import dev.pgauth.credential.ResolveContext;
import dev.pgauth.credential.SharedCredential;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code gcp_cloudsql_iam}: a Google OAuth access token with the sqlservice.login scope is the
 * password. Tokens are reused in memory per identity — by every target that needs the same one —
 * until their expiry minus a margin; concurrent connects share one request.
 */
final class CloudSqlIamProvider implements CredentialProvider {
    static final Duration REFRESH_MARGIN = Duration.ofMinutes(4);
    private static final Map<GoogleIdentities.Identity, SharedCredential> TOKENS = new ConcurrentHashMap<>();
    /** Who each identity turned out to be, for the advice when Cloud SQL refuses its token. */
    private static final Map<GoogleIdentities.Identity, String> PRINCIPALS = new ConcurrentHashMap<>();

    private final TargetSpec target;
    private final GoogleIdentities.Identity identity;
    private final Clock clock;
    private final SharedCredential shared;

    CloudSqlIamProvider(TargetSpec target, Map<String, String> env, Clock clock) {
        this.target = target;
        this.clock = clock;
        this.identity = GoogleIdentities.Identity.of(target, env, GoogleIdentities.SQL_LOGIN_SCOPE);
        this.shared = TOKENS.computeIfAbsent(identity, k -> new SharedCredential(target.name(), this::mint, clock, REFRESH_MARGIN));
    }

    @Override
    public Credential resolve(ResolveContext context) throws PgAuthException {
        return shared.getFor(target.name(), context);
    }

    @Override
    public boolean rejected(Credential credential) {
        return credential instanceof PasswordCredential p && shared.reject(p);
    }

    @Override
    public String rejectionFix() {
        String who = PRINCIPALS.get(identity);
        String names = who == null || who.startsWith("the ") ? ""
                : " pgauth's identity is " + who + ", whose database user is \"" + GoogleIdentities.databaseUser(who) + "\"; user is \"" + target.user() + "\".";
        return "Cloud SQL refused the IAM token." + names + " Check: the IAM database user exists (gcloud sql users create "
                + (target.user().endsWith(".iam") ? target.user() + ".gserviceaccount.com --type=cloud_iam_service_account" : target.user() + " --type=cloud_iam_user")
                + " --instance=<instance>); the identity has roles/cloudsql.instanceUser (and cloudsql.instances.login) on the project; "
                + "the instance has the cloudsql.iam_authentication flag on; a service account's user is its email without .gserviceaccount.com "
                + "(pgauth setup --target " + target.name() + " prints the steps).";
    }

    /** Tests switch identity sources within one JVM. */
    static void forgetTokens() {
        TOKENS.clear();
        PRINCIPALS.clear();
    }

    private PasswordCredential mint(ResolveContext context) throws PgAuthException {
        GoogleCredentials credentials = GoogleIdentities.credentials(target.name(), identity);
        String who = GoogleIdentities.principal(credentials);
        PRINCIPALS.put(identity, who);
        AccessToken token;
        try {
            token = credentials.refreshAccessToken();
        } catch (IOException e) {
            throw GoogleErrors.minting(target.name(), identity, GoogleIdentities.caller(credentials), e);
        }
        Instant expiresAt = token.getExpirationTime() != null ? token.getExpirationTime().toInstant() : clock.instant().plus(Duration.ofMinutes(55));
        return new PasswordCredential(new CredentialInfo(AuthMethod.GCP_CLOUDSQL_IAM, target.user(),
                "gcp_cloudsql_iam token for " + who + " (" + identity.source() + (identity.impersonate() != null ? ", impersonated" : "") + ")", expiresAt),
                token.getTokenValue().toCharArray());
    }
}
