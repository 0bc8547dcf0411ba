package dev.pgauth.credential;

import dev.pgauth.FailureCategory;
import java.time.Duration;
import java.time.Instant;

/**
 * Something that happened to a target's credential; carries no secret.
 *
 * @param source    where the credential came from (null when resolution failed)
 * @param expiresAt when the credential expires (null when it does not, or on failure)
 * @param category  why it failed or was rejected (null when resolved)
 */
public record CredentialEvent(Type type, String target, String method, String source, Duration latency, Instant expiresAt,
                              FailureCategory category) {

    public enum Type {
        /** A credential was obtained for a new connection. */
        RESOLVED,
        /** No credential could be obtained. */
        FAILED,
        /** The server refused the credential. */
        REJECTED
    }
}
