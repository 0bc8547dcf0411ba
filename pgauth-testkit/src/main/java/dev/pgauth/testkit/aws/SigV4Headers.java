package dev.pgauth.testkit.aws;

import com.sun.net.httpserver.HttpExchange;
import dev.pgauth.testkit.gate.SigV4Query;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Independent SigV4 verification of a header-signed HTTP request, as AWS services do it:
 * recompute the canonical request from what arrived and compare signatures.
 */
public final class SigV4Headers {
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})");

    /** What the Authorization header claims. */
    public record Claim(String accessKeyId, String date, String region, String service, List<String> signedHeaders, String signature) {
    }

    private SigV4Headers() {
    }

    public static Optional<Claim> claim(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = AUTHORIZATION.matcher(header);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Claim(m.group(1), m.group(2), m.group(3), m.group(4), Arrays.asList(m.group(5).split(";")), m.group(6)));
    }

    /** Whether the signature is right for this secret key. */
    public static boolean verify(HttpExchange exchange, byte[] body, Claim claim, String secretKey) {
        String canonicalHeaders = claim.signedHeaders().stream()
                .map(h -> h + ":" + value(exchange, h) + "\n")
                .collect(Collectors.joining());
        String payloadHash = Optional.ofNullable(exchange.getRequestHeaders().getFirst("x-amz-content-sha256")).orElse(sha256Hex(body));
        String rawQuery = exchange.getRequestURI().getRawQuery();
        String canonicalQuery = rawQuery == null ? "" : Arrays.stream(rawQuery.split("&")).sorted().collect(Collectors.joining("&"));
        String canonicalRequest = exchange.getRequestMethod() + "\n" + exchange.getRequestURI().getRawPath() + "\n" + canonicalQuery + "\n"
                + canonicalHeaders + "\n" + String.join(";", claim.signedHeaders()) + "\n" + payloadHash;
        String amzDate = exchange.getRequestHeaders().getFirst("X-Amz-Date");
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + claim.date() + "/" + claim.region() + "/" + claim.service() + "/aws4_request\n"
                + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
        String expected = SigV4Query.hmacChain(secretKey, claim.date(), claim.region(), claim.service(), stringToSign);
        return SigV4Query.sameSignature(expected, claim.signature());
    }

    private static String value(HttpExchange exchange, String header) {
        List<String> values = exchange.getRequestHeaders().get(header);
        if (values == null) {
            return "";
        }
        return values.stream().map(v -> v.trim().replaceAll(" +", " ")).collect(Collectors.joining(","));
    }

    static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
