package dev.pgauth.aws;

import java.util.Optional;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

/** Extracts one top-level string key from a JSON secret, reporting why not without showing any of it. */
final class SecretJson {
    private SecretJson() {
    }

    /** The value, or the reason it cannot be had (never containing the secret). */
    sealed interface Result permits Value, Problem {
    }

    record Value(String value) implements Result {
        @Override
        public String toString() {
            return "Value[***]";
        }
    }

    record Problem(String reason) implements Result {
    }

    static Result extract(String secret, String key) {
        JsonNode root;
        try {
            root = JsonNodeParser.create().parse(secret);
        } catch (RuntimeException e) {
            return new Problem("the secret is not JSON, so secret_json_key " + key + " cannot be read from it");
        }
        if (!root.isObject()) {
            return new Problem("the secret is JSON but not an object, so it has no key " + key);
        }
        Optional<JsonNode> field = root.field(key);
        if (field.isEmpty()) {
            return new Problem("the JSON secret has no top-level key " + key + " (keys: " + String.join(", ", root.asObject().keySet()) + ")");
        }
        if (!field.get().isString()) {
            return new Problem("the JSON secret's key " + key + " is not a string");
        }
        return new Value(field.get().asString());
    }
}
