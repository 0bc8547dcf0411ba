package dev.pgauth.azure;

import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Who an Entra access token names, read from its (unverified) claims — the server verifies it; this
 * is only to say in an error which principal the token was for. Never returns the token itself.
 */
final class EntraClaims {
    private EntraClaims() {
    }

    /** e.g. "upn alice@contoso.com" or "app 1111… (oid 2222…)"; "an unreadable token" if not a JWT. */
    static String principal(String token) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return "an unreadable token";
        }
        try (JsonReader reader = JsonProviders.createReader(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8))) {
            Map<String, Object> claims = reader.readMap(JsonReader::readUntyped);
            for (String name : new String[] {"upn", "unique_name", "preferred_username"}) {
                if (claims.get(name) instanceof String value) {
                    return name + " " + value;
                }
            }
            Object app = claims.getOrDefault("appid", claims.get("azp"));
            Object oid = claims.get("oid");
            return (app != null ? "app " + app + " " : "") + "(oid " + oid + ")";
        } catch (IOException | IllegalArgumentException e) {
            return "an unreadable token";
        }
    }
}
