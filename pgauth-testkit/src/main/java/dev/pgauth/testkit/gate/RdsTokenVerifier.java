package dev.pgauth.testkit.gate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks an RDS IAM token as RDS does: shape, action, user, endpoint, region, service, the issued
 * key and its session token, the time window, and the SigV4 signature. Returns why it is rejected.
 */
public final class RdsTokenVerifier implements TokenCheck {
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final String endpoint;
    private final String region;
    private final Clock clock;
    private final Map<String, IssuedKey> keys = new ConcurrentHashMap<>();

    /** @param endpoint the {@code host:port} the database is known by (what tokens must be signed for) */
    public RdsTokenVerifier(String endpoint, String region, Clock clock) {
        this.endpoint = endpoint;
        this.region = region;
        this.clock = clock;
    }

    public void issue(IssuedKey key) {
        keys.put(key.accessKeyId(), key);
    }

    /** Tokens signed with this key are refused from now on (as after the key is deactivated). */
    public void revoke(String accessKeyId) {
        keys.remove(accessKeyId);
    }

    /** Empty when the token is good for {@code user}; otherwise the reason (for the test's eyes only). */
    @Override
    public String refusal(String user) {
        return "PAM authentication failed for user \"" + user + "\"";
    }

    @Override
    public Optional<String> reject(String token, String user) {
        if (!token.startsWith(endpoint + "/?")) {
            return Optional.of("token is not for endpoint " + endpoint);
        }
        Map<String, String> p = SigV4Query.parameters(token);
        if (!"connect".equals(p.get("Action"))) {
            return Optional.of("Action is not connect");
        }
        if (!user.equals(p.get("DBUser"))) {
            return Optional.of("DBUser does not match the login user");
        }
        if (!"AWS4-HMAC-SHA256".equals(p.get("X-Amz-Algorithm")) || !"host".equals(p.get("X-Amz-SignedHeaders"))) {
            return Optional.of("unexpected algorithm or signed headers");
        }
        String[] credential = String.valueOf(p.get("X-Amz-Credential")).split("/");
        if (credential.length != 5 || !"rds-db".equals(credential[3]) || !"aws4_request".equals(credential[4])) {
            return Optional.of("malformed credential scope");
        }
        if (!region.equals(credential[2])) {
            return Optional.of("signed for region " + credential[2] + ", not " + region);
        }
        IssuedKey key = keys.get(credential[0]);
        if (key == null) {
            return Optional.of("unknown access key");
        }
        if (key.sessionToken() != null && !key.sessionToken().equals(p.get("X-Amz-Security-Token"))) {
            return Optional.of("session token missing or wrong");
        }
        Instant signedAt;
        long expires;
        try {
            signedAt = Instant.from(AMZ_DATE.parse(String.valueOf(p.get("X-Amz-Date"))));
            expires = Long.parseLong(String.valueOf(p.get("X-Amz-Expires")));
        } catch (DateTimeParseException | NumberFormatException e) {
            return Optional.of("malformed date or expiry");
        }
        if (!credential[1].equals(String.valueOf(p.get("X-Amz-Date")).substring(0, 8))) {
            return Optional.of("scope date differs from X-Amz-Date");
        }
        Instant now = clock.instant();
        if (expires > 900 || expires < 1) {
            return Optional.of("X-Amz-Expires out of range");
        }
        if (signedAt.isAfter(now.plus(CLOCK_SKEW))) {
            return Optional.of("signed in the future");
        }
        if (now.isAfter(signedAt.plusSeconds(expires))) {
            return Optional.of("token expired");
        }
        if (key.expiresAt() != null && now.isAfter(key.expiresAt())) {
            return Optional.of("the signing credentials have expired");
        }
        String expected = SigV4Query.signature(key.secretAccessKey(), endpoint, p, credential[1], credential[2], "rds-db");
        if (!SigV4Query.sameSignature(expected, p.get("X-Amz-Signature"))) {
            return Optional.of("signature mismatch");
        }
        return Optional.empty();
    }
}
