package dev.pgauth.gcp;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.pgauth.FailureCategory;
import dev.pgauth.PgAuthException;
import dev.pgauth.config.SecretRef;
import dev.pgauth.credential.BearerGet;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Supplier;
import java.util.zip.CRC32C;

/**
 * Secret Manager's {@code versions.access}, as the one REST call it is: GET
 * {@code /v1/projects/<p>/secrets/<s>/versions/<v>:access} with a bearer token. The payload's
 * CRC32C is checked when the service sends one.
 */
final class SecretManager {
    static final String ENDPOINT_ENV = "PGAUTH_GCP_SECRET_MANAGER_ENDPOINT";
    static final String STANDARD_ENDPOINT = "https://secretmanager.googleapis.com";

    private SecretManager() {
    }

    /**
     * The secret's value as text.
     *
     * @param principal who the token is for, asked only for an error message (it may cost a metadata call)
     */
    static String access(String target, String endpoint, SecretRef.GcpSecretManager ref, String accessToken, Supplier<String> principal, Duration timeout)
            throws PgAuthException {
        HttpResponse<String> response = BearerGet.send(target, "Secret Manager at " + endpoint, URI.create(endpoint + "/v1/" + ref.ref() + ":access"),
                accessToken, timeout, "Check that this host can reach " + endpoint + " (or set " + ENDPOINT_ENV + ").");
        if (response.statusCode() != 200) {
            throw failure(target, ref, principal.get(), response.statusCode(), GoogleErrors.googleMessage(response.body(), "HTTP " + response.statusCode()));
        }
        return payload(target, ref, response.body());
    }

    private static String payload(String target, SecretRef.GcpSecretManager ref, String body) throws PgAuthException {
        byte[] data;
        JsonObject payload;
        try {
            payload = JsonParser.parseString(body).getAsJsonObject().getAsJsonObject("payload");
            data = Base64.getDecoder().decode(payload.get("data").getAsString());
        } catch (RuntimeException e) {
            throw new PgAuthException(FailureCategory.CREDENTIAL, target, "Secret Manager's answer for " + ref.ref() + " has no readable payload",
                    "Check " + ENDPOINT_ENV + " points at Secret Manager.");
        }
        if (payload.has("dataCrc32c")) {
            CRC32C crc = new CRC32C();
            crc.update(data);
            if (!Long.toString(crc.getValue()).equals(payload.get("dataCrc32c").getAsString())) {
                throw new PgAuthException(FailureCategory.CREDENTIAL, target, "the payload of " + ref.ref() + " does not match its CRC32C checksum (corrupted in transit)",
                        "Try again; if it persists, check for a proxy that alters responses between this host and Secret Manager.");
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data)).toString();
        } catch (CharacterCodingException e) {
            throw new PgAuthException(FailureCategory.CREDENTIAL, target, ref.ref() + " holds binary data, not a text password",
                    "Store the password (or a JSON object with secret_json_key) as UTF-8 text.");
        }
    }

    private static PgAuthException failure(String target, SecretRef.GcpSecretManager ref, String principal, int status, String message) {
        String secret = "projects/" + ref.project() + "/secrets/" + ref.secret();
        return switch (status) {
            case 401 -> new PgAuthException(FailureCategory.CREDENTIAL, target, "Secret Manager did not accept the token of " + principal + ": " + message,
                    GoogleErrors.NO_IDENTITY_FIX);
            case 403 -> new PgAuthException(FailureCategory.PERMISSION, target, principal + " may not access " + ref.ref() + ": " + message,
                    "Grant " + principal + " secretmanager.versions.access on " + secret + " (role roles/secretmanager.secretAccessor: gcloud secrets add-iam-policy-binding "
                            + ref.secret() + " --project=" + ref.project() + " --member=<principal> --role=roles/secretmanager.secretAccessor).");
            case 404 -> new PgAuthException(FailureCategory.CREDENTIAL, target, ref.ref() + " does not exist: " + message,
                    "Check secret_ref: the project, the secret name and the version (or use versions/latest).");
            default -> {
                if (message.contains("DISABLED state")) {
                    yield new PgAuthException(FailureCategory.CREDENTIAL, target, ref.ref() + " is a disabled version: " + message,
                            "Enable it (gcloud secrets versions enable <version> --secret=" + ref.secret() + ") or point secret_ref at an enabled version.");
                }
                if (message.contains("DESTROYED state")) {
                    yield new PgAuthException(FailureCategory.CREDENTIAL, target, ref.ref() + " is a destroyed version: " + message,
                            "Add a new version with the password (gcloud secrets versions add " + ref.secret() + ") and point secret_ref at it or at versions/latest.");
                }
                yield new PgAuthException(FailureCategory.CREDENTIAL, target, "reading " + ref.ref() + " failed (HTTP " + status + "): " + message,
                        "See Google's message above.");
            }
        };
    }
}
