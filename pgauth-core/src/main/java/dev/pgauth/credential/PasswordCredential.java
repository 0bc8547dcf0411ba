package dev.pgauth.credential;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/** A password, vault secret or token, sent to the server only through pgjdbc's authentication plugin. */
public final class PasswordCredential implements Credential {
    private static final AtomicLong SERIALS = new AtomicLong();

    private final CredentialInfo info;
    private final char[] secret;
    private final long serial;
    private volatile boolean destroyed;

    public PasswordCredential(CredentialInfo info, char[] secret) {
        this(info, secret, SERIALS.incrementAndGet());
    }

    private PasswordCredential(CredentialInfo info, char[] secret, long serial) {
        this.info = info;
        this.secret = secret.clone();
        this.serial = serial;
    }

    /** An independent copy (destroying one leaves the other intact) that {@link #sameAs} the original. */
    public PasswordCredential copy() {
        char[] value = secret();
        try {
            return new PasswordCredential(info, value, serial);
        } finally {
            Arrays.fill(value, '\0');
        }
    }

    /** Whether both are copies of one resolved credential (compares identity, not secrets). */
    public boolean sameAs(PasswordCredential other) {
        return other != null && other.serial == serial;
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
