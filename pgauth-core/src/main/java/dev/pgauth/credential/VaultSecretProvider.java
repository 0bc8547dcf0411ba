package dev.pgauth.credential;

import dev.pgauth.FailureCategory;
import dev.pgauth.PgAuthException;
import dev.pgauth.config.AuthMethod;
import dev.pgauth.config.SecretRef;
import dev.pgauth.config.TargetSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code secret_store}, whatever the vault: the fetched value (through {@code secret_json_key})
 * is the password, fetched for every new connection or reused in memory for at most
 * {@code max_cache_ttl}; concurrent connects share one fetch. Subclasses only fetch.
 */
public abstract class VaultSecretProvider implements CredentialProvider {
    protected final TargetSpec target;
    protected final SecretRef ref;
    private final SharedCredential cache;

    protected VaultSecretProvider(TargetSpec target, Clock clock) {
        this.target = target;
        this.ref = target.secretRef();
        Duration ttl = target.maxCacheTtl() == null ? Duration.ZERO : target.maxCacheTtl();
        this.cache = new SharedCredential(target.name(), context -> password(fetch(), ttl.isZero() ? null : clock.instant().plus(ttl)), clock, Duration.ZERO);
    }

    /** The secret's value as stored in the vault, fetched now with the ambient identity. */
    protected abstract String fetch() throws PgAuthException;

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
        return "The server refused the password from " + ref.backend().displayName() + " " + ref.ref()
                + ". Check that the secret holds the role's current password" + (target.secretJsonKey() == null ? "" : " under key " + target.secretJsonKey())
                + ", and that pg_hba.conf allows " + target.user() + " over hostssl.";
    }

    private PasswordCredential password(String secret, Instant expiresAt) throws PgAuthException {
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
}
