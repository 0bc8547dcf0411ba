package dev.pgauth.testkit.gate;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An independent SigV4 implementation for query-string-signed requests, written from the AWS
 * specification for the test gate so that tokens are not checked by the same code that made them.
 */
public final class SigV4Query {
    private static final String EMPTY_PAYLOAD_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private SigV4Query() {
    }

    /** Parses {@code host:port/?a=b&…} into decoded parameters (later duplicates win). */
    public static Map<String, String> parameters(String token) {
        int q = token.indexOf("/?");
        Map<String, String> params = new TreeMap<>();
        if (q < 0) {
            return params;
        }
        for (String pair : token.substring(q + 2).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    /** The canonical request of a GET on {@code /} with only the host header signed. */
    public static String canonicalRequest(String hostHeader, Map<String, String> params) {
        String query = new TreeMap<>(params).entrySet().stream()
                .filter(e -> !e.getKey().equals("X-Amz-Signature"))
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return "GET\n/\n" + query + "\nhost:" + hostHeader + "\n\nhost\n" + EMPTY_PAYLOAD_SHA256;
    }

    /** The expected signature for these parameters, given the secret key. */
    public static String signature(String secretKey, String hostHeader, Map<String, String> params, String date, String region, String service) {
        String scope = date + "/" + region + "/" + service + "/aws4_request";
        String stringToSign = "AWS4-HMAC-SHA256\n" + params.get("X-Amz-Date") + "\n" + scope + "\n" + sha256Hex(canonicalRequest(hostHeader, params));
        return hmacChain(secretKey, date, region, service, stringToSign);
    }

    /** The SigV4 signing-key derivation and final HMAC, hex-encoded. */
    public static String hmacChain(String secretKey, String date, String region, String service, String stringToSign) {
        byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        return HexFormat.of().formatHex(hmac(key, stringToSign));
    }

    /** RFC 3986 unreserved characters stay; everything else is %XX with upper-case hex, as SigV4 requires. */
    static String encode(String s) {
        StringBuilder b = new StringBuilder();
        for (byte c : s.getBytes(StandardCharsets.UTF_8)) {
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~') {
                b.append((char) c);
            } else {
                b.append('%').append(String.format("%02X", c & 0xff));
            }
        }
        return b.toString();
    }

    static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant-time comparison of two hex signatures. */
    public static boolean sameSignature(String a, String b) {
        return a != null && b != null && MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }
}
