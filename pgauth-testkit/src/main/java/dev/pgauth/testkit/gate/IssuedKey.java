package dev.pgauth.testkit.gate;

import java.time.Instant;

/**
 * AWS credentials the fakes issued: the gate accepts tokens signed with them only.
 *
 * @param sessionToken null for long-term keys
 * @param expiresAt    null for long-term keys
 */
public record IssuedKey(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiresAt) {

    @Override
    public String toString() {
        return "IssuedKey[" + accessKeyId + ", expires " + expiresAt + "]";
    }
}
