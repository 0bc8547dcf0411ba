package dev.pgauth.credential;

import dev.pgauth.FailureCategory;
import dev.pgauth.PgAuthException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** One authenticated GET to a vault's REST API (over the JDK's HTTP client), for vaults that are one call away. */
public final class BearerGet {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private BearerGet() {
    }

    /**
     * @param service what is called, for the error ("Key Vault at https://…")
     * @param fix     what to check when it cannot be reached
     */
    public static HttpResponse<String> send(String target, String service, URI uri, String accessToken, Duration timeout, String fix)
            throws PgAuthException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Authorization", "Bearer " + accessToken)
                .header("Accept", "application/json")
                .GET().build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new PgAuthException(FailureCategory.CREDENTIAL, target, "could not reach " + service + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), fix);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PgAuthException(FailureCategory.TIMEOUT, target, "interrupted while calling " + service, "Try again.");
        }
    }
}
