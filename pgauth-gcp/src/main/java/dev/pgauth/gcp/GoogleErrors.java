package dev.pgauth.gcp;

import com.google.api.client.http.HttpResponseException;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.pgauth.FailureCategory;
import dev.pgauth.PgAuthException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Google failures as pgauth failures: which identity sources were tried, which grant is missing.
 * Only Google's error texts and status codes are quoted — responses that failed hold no token.
 */
final class GoogleErrors {
    static final String NO_IDENTITY_FIX = "In development run `gcloud auth application-default login`; on a server set GOOGLE_APPLICATION_CREDENTIALS "
            + "to a service-account key or a workload identity federation file (gcloud iam workload-identity-pools create-cred-config); "
            + "on GCE, GKE (Workload Identity) or Cloud Run attach a service account.";

    @FunctionalInterface
    interface IoCall<T> {
        T call() throws IOException;
    }

    private GoogleErrors() {
    }

    /** Loads ambient credentials, explaining a missing or unreadable source. */
    static <T> T loading(String target, GoogleIdentities.Identity identity, IoCall<T> call) throws PgAuthException {
        try {
            return call.call();
        } catch (NoSuchFileException e) {
            throw new PgAuthException(FailureCategory.CREDENTIAL, target, GoogleIdentities.CREDENTIALS_ENV + " names " + identity.credentialsFile()
                    + ", which does not exist", "Point GOOGLE_APPLICATION_CREDENTIALS at the credentials file, or unset it to use the other ADC sources.");
        } catch (IOException e) {
            if (identity.credentialsFile() == null && String.valueOf(e.getMessage()).startsWith("Your default credentials were not found")) {
                throw new PgAuthException(FailureCategory.CREDENTIAL, target, "no Google identity found; tried " + sourcesTried(), NO_IDENTITY_FIX);
            }
            throw new PgAuthException(FailureCategory.CREDENTIAL, target, "the Google credentials from " + identity.source() + " cannot be used: "
                    + firstLine(e.getMessage()), "Fix or replace the credentials file (a service-account key, external_account or authorized_user JSON).");
        }
    }

    /** A failed token request: permission, refused key, unreachable service. */
    static PgAuthException minting(String target, GoogleIdentities.Identity identity, String principal, IOException e) {
        HttpResponseException http = cause(e, HttpResponseException.class);
        String who = principal + " (from " + identity.source() + ")";
        if (http != null) {
            String detail = googleMessage(http);
            if (http.getStatusCode() == 403 && identity.impersonate() != null) {
                return new PgAuthException(FailureCategory.PERMISSION, target, who + " may not impersonate " + identity.impersonate() + ": " + detail,
                        "Grant " + principal + " roles/iam.serviceAccountTokenCreator on " + identity.impersonate()
                                + " (gcloud iam service-accounts add-iam-policy-binding " + identity.impersonate()
                                + " --member=<principal> --role=roles/iam.serviceAccountTokenCreator).");
            }
            if (http.getStatusCode() == 403) {
                return new PgAuthException(FailureCategory.PERMISSION, target, "Google refused a token to " + who + ": " + detail,
                        "Check the identity's IAM roles and that it may use the " + identity.scope() + " scope.");
            }
            return new PgAuthException(FailureCategory.CREDENTIAL, target, "Google refused a token to " + who + " (HTTP " + http.getStatusCode() + "): " + detail,
                    "The key or refresh token may have been deleted or revoked: create a new service-account key, or run `gcloud auth application-default login` again.");
        }
        if (cause(e, UnknownHostException.class) != null || cause(e, ConnectException.class) != null || cause(e, SocketTimeoutException.class) != null) {
            return new PgAuthException(FailureCategory.CREDENTIAL, target, "could not reach Google to get a token for " + who + ": " + firstLine(rootMessage(e)),
                    "Check that this host can reach the token endpoint (oauth2.googleapis.com, sts.googleapis.com, iamcredentials.googleapis.com, or the metadata server).");
        }
        return new PgAuthException(FailureCategory.CREDENTIAL, target, "getting a Google token for " + who + " failed: " + firstLine(e.getMessage()), NO_IDENTITY_FIX);
    }

    /** What Application Default Credentials looked at, in its order. */
    static String sourcesTried() {
        String config = System.getenv("CLOUDSDK_CONFIG");
        Path adc = (config != null ? Path.of(config) : Path.of(System.getProperty("user.home"), ".config", "gcloud"))
                .resolve("application_default_credentials.json");
        String metadata = System.getenv("GCE_METADATA_HOST");
        return GoogleIdentities.CREDENTIALS_ENV + " (not set); the gcloud ADC file " + adc + " (absent); the metadata server "
                + (metadata != null ? metadata + " (GCE_METADATA_HOST)" : "metadata.google.internal") + " (no answer)";
    }

    /** Google's own error text from a JSON error body ({error: {message}} or {error, error_description}). */
    static String googleMessage(HttpResponseException e) {
        return googleMessage(e.getContent(), e.getStatusCode() + " " + e.getStatusMessage());
    }

    static String googleMessage(String body, String fallback) {
        try {
            JsonObject root = JsonParser.parseString(body == null ? "" : body).getAsJsonObject();
            JsonElement error = root.get("error");
            if (error != null && error.isJsonObject() && error.getAsJsonObject().has("message")) {
                return error.getAsJsonObject().get("message").getAsString();
            }
            if (root.has("error_description")) {
                return root.get("error") .getAsString() + ": " + root.get("error_description").getAsString();
            }
        } catch (RuntimeException notJson) {
            // fall through
        }
        return fallback;
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "(no detail)";
        }
        String line = text.lines().findFirst().orElse("");
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
