package dev.pgauth.tls;

import java.time.Instant;

/** What the TLS handshake with a server showed: safe to print. */
public record TlsInfo(String protocol, String cipherSuite, String serverSubject, String serverIssuer, Instant serverNotAfter) {

    /** Whole days until the server certificate expires (negative once expired). */
    public long daysToExpiry(Instant now) {
        return java.time.Duration.between(now, serverNotAfter).toDays();
    }
}
