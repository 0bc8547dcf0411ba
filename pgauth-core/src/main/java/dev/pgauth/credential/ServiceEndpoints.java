package dev.pgauth.credential;

import dev.pgauth.FailureCategory;
import dev.pgauth.PgAuthException;
import java.net.URI;
import java.util.Set;

/**
 * Cloud API endpoints that an environment variable may override (private endpoints, or a test's
 * loopback fake). An override must be https, except to a loopback address.
 */
public final class ServiceEndpoints {
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]");

    private ServiceEndpoints() {
    }

    /** {@code override} (the value of {@code variable}, may be null) without a trailing slash, else {@code standard}. */
    public static String resolve(String target, String variable, String override, String standard) throws PgAuthException {
        if (override == null) {
            return standard;
        }
        String trimmed = override.strip().replaceAll("/+$", "");
        URI uri;
        try {
            uri = URI.create(trimmed);
        } catch (IllegalArgumentException e) {
            throw new PgAuthException(FailureCategory.CREDENTIAL, target, variable + " is not a URL: " + trimmed, "Set it to https://<host> or unset it.");
        }
        boolean loopback = uri.getHost() != null && LOOPBACK.contains(uri.getHost());
        if (!"https".equals(uri.getScheme()) && !("http".equals(uri.getScheme()) && loopback)) {
            throw new PgAuthException(FailureCategory.CREDENTIAL, target, variable + " must be an https URL (plain http only to a loopback address), not " + trimmed,
                    "Set it to https://<host> or unset it.");
        }
        return trimmed;
    }
}
