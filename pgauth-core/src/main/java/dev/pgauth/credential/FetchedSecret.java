package dev.pgauth.credential;

import dev.pgauth.FailureCategory;
import dev.pgauth.PgAuthException;
import dev.pgauth.config.AuthMethod;
import dev.pgauth.config.SecretRef;
import dev.pgauth.config.TargetSpec;
import java.time.Instant;

/** Turns a value fetched from any vault into the target's password: {@code secret_json_key}, then never empty. */
public final class FetchedSecret {
    private FetchedSecret() {
    }

    /** @param expiresAt when to fetch again ({@code max_cache_ttl}); null to fetch for every connection */
    public static PasswordCredential password(TargetSpec target, String secret, Instant expiresAt) throws PgAuthException {
        SecretRef ref = target.secretRef();
        if (target.secretJsonKey() != null) {
            SecretJson.Result r = SecretJson.extract(secret, target.secretJsonKey());
            if (r instanceof SecretJson.Problem p) {
                throw new PgAuthException(FailureCategory.CREDENTIAL, target.name(), p.reason() + " (" + ref.ref() + ")",
                        "Store the password under that key, or fix or remove secret_json_key.");
            }
            secret = ((SecretJson.Value) r).value();
        }
        if (secret.isEmpty()) {
            throw new PgAuthException(FailureCategory.CREDENTIAL, target.name(), ref.ref() + " holds an empty password", "Store the role's password in it.");
        }
        return new PasswordCredential(new CredentialInfo(AuthMethod.SECRET_STORE, target.user(), ref.backend().displayName() + " " + ref.ref(), expiresAt),
                secret.toCharArray());
    }

    /** The advice when the server refuses a fetched password. */
    public static String rejectionFix(TargetSpec target) {
        SecretRef ref = target.secretRef();
        return "The server refused the password from " + ref.backend().displayName() + " " + ref.ref()
                + ". Check that the secret holds the role's current password" + (target.secretJsonKey() == null ? "" : " under key " + target.secretJsonKey())
                + ", and that pg_hba.conf allows " + target.user() + " over hostssl.";
    }
}
