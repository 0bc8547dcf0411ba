package dev.pgauth.azure;

import com.azure.core.credential.AccessToken;
import dev.pgauth.PgAuthException;
import dev.pgauth.config.AuthMethod;
import dev.pgauth.config.TargetSpec;
import dev.pgauth.credential.Credential;
import dev.pgauth.credential.CredentialInfo;
import dev.pgauth.credential.CredentialProvider;
import dev.pgauth.credential.PasswordCredential;
import dev.pgauth.credential.ResolveContext;
import dev.pgauth.credential.SharedCredential;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code azure_entra}: an Entra access token for Azure Database for PostgreSQL
 * ({@value #SCOPE}) is the password. Tokens are reused in memory per identity — by every target
 * needing the same one — until their expiry minus a margin; concurrent connects share one request.
 */
final class EntraTokenProvider implements CredentialProvider {
    static final String SCOPE = "https://ossrdbms-aad.database.windows.net/.default";
    static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);
    private static final Map<AzureIdentities.Identity, SharedCredential> TOKENS = new ConcurrentHashMap<>();
    /** The principal name each identity's last token was for, for the advice when the server refuses it. */
    private static final Map<AzureIdentities.Identity, String> PRINCIPALS = new ConcurrentHashMap<>();

    private final TargetSpec target;
    private final AzureIdentities.Identity identity;
    private final SharedCredential shared;

    EntraTokenProvider(TargetSpec target, Map<String, String> env, Clock clock) {
        this.target = target;
        this.identity = AzureIdentities.Identity.of(target, env);
        this.shared = TOKENS.computeIfAbsent(identity, k -> new SharedCredential(target.name(), this::mint, clock, REFRESH_MARGIN));
    }

    @Override
    public Credential resolve(ResolveContext context) throws PgAuthException {
        return shared.getFor(target.name(), context);
    }

    @Override
    public boolean rejected(Credential credential) {
        if (credential instanceof PasswordCredential p && shared.reject(p)) {
            AzureIdentities.forget(identity); // the library caches tokens too: the retry must not get the same one back
            return true;
        }
        return false;
    }

    @Override
    public String rejectionFix() {
        String principal = PRINCIPALS.get(identity);
        String user = target.user().replace("'", "''");
        return "Azure Database for PostgreSQL refused the Entra token." + (principal == null ? "" : " The token is for " + principal + ".")
                + " Check: an Entra administrator of the server ran SELECT * FROM pgaadauth_create_principal('" + user + "', false, false); "
                + "the PostgreSQL user (" + target.user() + ") equals the Entra principal's name (a managed identity's or application's "
                + "display name, a user's UPN); Microsoft Entra authentication is enabled on the server; the identity is in the server's tenant "
                + "(pgauth setup --target " + target.name() + " prints the SQL).";
    }

    /** Tests switch identity sources within one JVM. */
    static void forgetTokens() {
        TOKENS.clear();
        PRINCIPALS.clear();
    }

    private PasswordCredential mint(ResolveContext context) throws PgAuthException {
        AccessToken token = AzureIdentities.token(target.name(), identity, SCOPE, "Azure Database for PostgreSQL");
        String principal = EntraClaims.principal(token.getToken());
        PRINCIPALS.put(identity, principal);
        return new PasswordCredential(new CredentialInfo(AuthMethod.AZURE_ENTRA, target.user(), "azure_entra token for " + principal
                + " (" + identity.describe() + ")", token.getExpiresAt().toInstant()), token.getToken().toCharArray());
    }
}
