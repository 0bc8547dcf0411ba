package dev.pgauth.credential;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Extracts one top-level string key from a JSON secret ({@code secret_json_key}), for every vault
 * backend alike, reporting why not without showing any of the secret.
 */
public final class SecretJson {
    private static final JsonFactory JSON = new JsonFactory();

    private SecretJson() {
    }

    /** The value, or the reason it cannot be had (never containing the secret). */
    public sealed interface Result permits Value, Problem {
    }

    public record Value(String value) implements Result {
        @Override
        public String toString() {
            return "Value[***]";
        }
    }

    public record Problem(String reason) implements Result {
    }

    public static Result extract(String secret, String key) {
        try (JsonParser parser = JSON.createParser(secret)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return notJson(key);
            }
            if (first != JsonToken.START_OBJECT) {
                parser.skipChildren();
                return parser.nextToken() == null ? new Problem("the secret is JSON but not an object, so it has no key " + key) : notJson(key);
            }
            List<String> keys = new ArrayList<>();
            Result found = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                keys.add(name);
                if (name.equals(key) && found == null) {
                    found = value == JsonToken.VALUE_STRING ? new Value(parser.getText())
                            : new Problem("the JSON secret's key " + key + " is not a string");
                }
                parser.skipChildren();
            }
            if (parser.nextToken() != null) {
                return notJson(key);
            }
            return found != null ? found
                    : new Problem("the JSON secret has no top-level key " + key + " (keys: " + String.join(", ", keys) + ")");
        } catch (IOException e) {
            return notJson(key);
        }
    }

    private static Problem notJson(String key) {
        return new Problem("the secret is not JSON, so secret_json_key " + key + " cannot be read from it");
    }
}
