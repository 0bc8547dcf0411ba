package dev.pgauth.credential;

import java.util.Arrays;

/** A password, vault secret or token, sent to the server only through pgjdbc's authentication plugin. */
public final class PasswordCredential implements Credential {
    private final CredentialInfo info;
    private final char[] secret;
    private volatile boolean destroyed;

    public PasswordCredential(CredentialInfo info, char[] secret) {
        this.info = info;
        this.secret = secret.clone();
    }

    @Override
    public CredentialInfo info() {
        return info;
    }

    /** A fresh copy of the secret; the caller owns it (pgjdbc wipes the copy it is given). */
    public char[] secret() {
        if (destroyed) {
            throw new IllegalStateException("credential was destroyed");
        }
        return secret.clone();
    }

    @Override
    public void destroy() {
        destroyed = true;
        Arrays.fill(secret, '\0');
    }

    @Override
    public String toString() {
        return "PasswordCredential[method=" + info.method() + ", user=" + info.user() + ", source=" + info.source()
                + (info.expiresAt() == null ? "" : ", expires_at=" + info.expiresAt()) + "]";
    }
}
