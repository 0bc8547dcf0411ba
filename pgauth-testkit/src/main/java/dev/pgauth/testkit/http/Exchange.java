package dev.pgauth.testkit.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** One request to a loopback cloud fake, read once, with the few ways such a fake answers. */
public final class Exchange {
    public static final ObjectMapper JSON = new ObjectMapper();

    private final HttpExchange exchange;
    private final byte[] body;

    public Exchange(HttpExchange exchange) throws IOException {
        this.exchange = exchange;
        this.body = exchange.getRequestBody().readAllBytes();
    }

    public String method() {
        return exchange.getRequestMethod();
    }

    public String path() {
        return exchange.getRequestURI().getPath();
    }

    public String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    /** The bearer token of the Authorization header, if any. */
    public Optional<String> bearer() {
        String value = header("Authorization");
        return value != null && value.startsWith("Bearer ") ? Optional.of(value.substring(7)) : Optional.empty();
    }

    public Map<String, String> query() {
        return form(exchange.getRequestURI().getRawQuery());
    }

    /** An application/x-www-form-urlencoded body. */
    public Map<String, String> form() {
        return form(new String(body, StandardCharsets.UTF_8));
    }

    public JsonNode json() throws IOException {
        return JSON.readTree(body);
    }

    public void respond(int status, String contentType, String text) throws IOException {
        respond(status, contentType, text, Map.of());
    }

    public void respond(int status, String contentType, String text, Map<String, String> headers) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        headers.forEach(exchange.getResponseHeaders()::set);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    public void json(int status, Object value) throws IOException {
        respond(status, "application/json; charset=utf-8", JSON.writeValueAsString(value));
    }

    private static Map<String, String> form(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        for (String pair : text.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            out.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }
}
