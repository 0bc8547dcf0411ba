package dev.pgauth.azure;

import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import dev.pgauth.FailureCategory;
import dev.pgauth.PgAuthException;
import dev.pgauth.config.SecretRef;
import dev.pgauth.credential.BearerGet;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Key Vault's Get Secret, as the one REST call it is: {@code GET <vault>/secrets/<name>[/<version>]}
 * with a bearer token for the vault's audience.
 */
final class KeyVaultSecrets {
    static final String ENDPOINT_ENV = "PGAUTH_AZURE_KEY_VAULT_ENDPOINT";
    private static final String API_VERSION = "7.5";

    private KeyVaultSecrets() {
    }

    /** The token scope for a vault: its DNS suffix's audience, e.g. https://vault.azure.net/.default (sovereign clouds alike). */
    static String scope(SecretRef.AzureKeyVault ref) {
        String host = URI.create(ref.vaultUrl()).getHost();
        return "https://" + host.substring(host.indexOf('.') + 1) + "/.default";
    }

    static String get(String target, String vaultEndpoint, SecretRef.AzureKeyVault ref, String accessToken, String principal, Duration timeout)
            throws PgAuthException {
        String path = "/secrets/" + ref.name() + (ref.version() == null ? "" : "/" + ref.version());
        HttpResponse<String> response = BearerGet.send(target, "Key Vault at " + vaultEndpoint,
                URI.create(vaultEndpoint + path + "?api-version=" + API_VERSION), accessToken, timeout,
                "Check that this host can reach the vault (network rules, private endpoint DNS, firewall 'Allow trusted Microsoft services').");
        Map<String, Object> body = json(response.body());
        if (response.statusCode() == 200 && body.get("value") instanceof String value) {
            return value;
        }
        throw failure(target, ref, principal, response.statusCode(), body);
    }

    private static PgAuthException failure(String target, SecretRef.AzureKeyVault ref, String principal, int status, Map<String, Object> body) {
        Map<?, ?> error = body.get("error") instanceof Map<?, ?> m ? m : Map.of();
        String code = String.valueOf(error.get("code"));
        String inner = error.get("innererror") instanceof Map<?, ?> i ? String.valueOf(i.get("code")) : "";
        String message = error.get("message") == null ? "HTTP " + status : String.valueOf(error.get("message")).lines().findFirst().orElse("");
        if (status == 403 && inner.equals("SecretDisabled")) {
            return new PgAuthException(FailureCategory.CREDENTIAL, target, ref.ref() + " is disabled: " + message,
                    "Enable the secret (or that version) in the vault, or point secret_ref at an enabled version.");
        }
        if (status == 403) {
            return new PgAuthException(FailureCategory.PERMISSION, target, principal + " may not read " + ref.ref() + ": " + message,
                    "Give the identity the \"Key Vault Secrets User\" role on that secret (or the vault), or with access policies the secret permission get "
                            + "(pgauth setup prints the az command).");
        }
        if (status == 404) {
            return new PgAuthException(FailureCategory.CREDENTIAL, target, ref.ref() + " does not exist (" + code + "): " + message,
                    "Check secret_ref: the vault name, the secret name and the version.");
        }
        if (status == 401) {
            return new PgAuthException(FailureCategory.CREDENTIAL, target, "Key Vault did not accept the token of " + principal + ": " + message,
                    "Check that the identity belongs to the vault's tenant.");
        }
        return new PgAuthException(FailureCategory.CREDENTIAL, target, "reading " + ref.ref() + " failed (HTTP " + status + ", " + code + "): " + message,
                "See Key Vault's message above.");
    }

    private static Map<String, Object> json(String text) {
        try (JsonReader reader = JsonProviders.createReader(text)) {
            Map<String, Object> map = reader.readMap(JsonReader::readUntyped);
            return map == null ? Map.of() : map;
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
    }
}
