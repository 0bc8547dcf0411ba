package dev.pgauth.credential;

import dev.pgauth.config.AuthMethod;
import java.time.Instant;

/**
 * What may be said about a credential: never the secret itself.
 *
 * @param source    where it came from, e.g. {@code password_env APP_PASSWORD} or {@code pgpass_file /home/a/.pgpass line 3}
 * @param expiresAt when it stops being valid, or null when it does not expire
 */
public record CredentialInfo(AuthMethod method, String user, String source, Instant expiresAt) {
}
