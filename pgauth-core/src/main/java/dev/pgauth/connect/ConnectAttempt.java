package dev.pgauth.connect;

import dev.pgauth.credential.PasswordCredential;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;

/**
 * What one pgjdbc connect needs from pgauth but cannot be passed as a string property: the TLS
 * context and the password. pgjdbc instantiates the socket factory and the authentication plugin
 * itself, from class names, so they find the attempt here by the id in {@link #PROPERTY}.
 */
final class ConnectAttempt implements AutoCloseable {
    static final String PROPERTY = "pgauth.attempt";

    private static final Map<String, ConnectAttempt> OPEN = new ConcurrentHashMap<>();

    private final String id = UUID.randomUUID().toString();
    private final String target;
    private final SSLContext tls;
    private final PasswordCredential password;
    private volatile boolean passwordRequested;

    private ConnectAttempt(String target, SSLContext tls, PasswordCredential password) {
        this.target = target;
        this.tls = tls;
        this.password = password;
    }

    /** Registers an attempt; close it when the connect returns. */
    static ConnectAttempt open(String target, SSLContext tls, PasswordCredential password) {
        ConnectAttempt attempt = new ConnectAttempt(target, tls, password);
        OPEN.put(attempt.id, attempt);
        return attempt;
    }

    static ConnectAttempt find(String id) {
        ConnectAttempt attempt = id == null ? null : OPEN.get(id);
        if (attempt == null) {
            throw new IllegalStateException("no pgauth connect attempt '" + id + "' is open; these classes are set up by pgauth's Connector");
        }
        return attempt;
    }

    String id() {
        return id;
    }

    String target() {
        return target;
    }

    SSLContext tls() {
        return tls;
    }

    /** The password, or null when the target's method has none (mTLS). */
    PasswordCredential password() {
        passwordRequested = true;
        return password;
    }

    /** Whether the server asked for a password during this attempt. */
    boolean passwordRequested() {
        return passwordRequested;
    }

    @Override
    public void close() {
        OPEN.remove(id);
    }
}
