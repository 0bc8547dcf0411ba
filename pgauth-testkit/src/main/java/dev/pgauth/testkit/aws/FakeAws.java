package dev.pgauth.testkit.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.pgauth.testkit.gate.IssuedKey;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loopback fakes of the AWS endpoints pgauth's identities and secrets come from, checking what the
 * real services check: IMDSv2 session tokens, the container credentials authorization token, SigV4
 * signatures made with keys this fake issued, expired session credentials, and per-resource grants
 * (AccessDenied otherwise). The official SDK reaches them through its own endpoint settings.
 */
public final class FakeAws implements AutoCloseable {
    public static final String ACCOUNT = "123456789012";
    private static final Pattern JSON_STRING_FIELD = Pattern.compile("\"(\\w+)\"\\s*:\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|true|false)");

    private final HttpServer server;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, IssuedKey> keys = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> grants = new ConcurrentHashMap<>();
    private final List<Consumer<IssuedKey>> issueListeners = new CopyOnWriteArrayList<>();
    private final Map<String, String> imdsTokens = new ConcurrentHashMap<>();
    private final Map<String, String> webIdentityRoles = new ConcurrentHashMap<>();
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final Map<String, String[]> parameters = new ConcurrentHashMap<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private volatile IssuedKey imdsKey;
    private volatile String imdsRole;
    private volatile IssuedKey containerKey;
    private volatile String containerToken;
    private volatile Duration sessionLifetime = Duration.ofHours(1);

    public FakeAws(Clock clock) throws IOException {
        this.clock = clock;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 50);
        server.createContext("/", this::handle);
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every call, as "service action principal outcome", for assertions. */
    public List<String> calls() {
        return calls;
    }

    /** Called with every key this fake issues (e.g. the IAM gate's verifier). */
    public void onIssue(Consumer<IssuedKey> listener) {
        issueListeners.add(listener);
        keys.values().forEach(listener);
    }

    /** A long-term access key (as for an IAM user). */
    public IssuedKey longTermKey() {
        return register(new IssuedKey("AKIA" + hex(8).toUpperCase(), hex(20), null, null));
    }

    /** Temporary credentials valid for the configured session lifetime. */
    public IssuedKey sessionKey() {
        return register(new IssuedKey("ASIA" + hex(8).toUpperCase(), hex(20), hex(32), clock.instant().plus(sessionLifetime)));
    }

    public void sessionLifetime(Duration lifetime) {
        this.sessionLifetime = lifetime;
    }

    private IssuedKey register(IssuedKey key) {
        keys.put(key.accessKeyId(), key);
        issueListeners.forEach(l -> l.accept(key));
        return key;
    }

    /** Allows {@code action} (e.g. {@code secretsmanager:GetSecretValue}) on {@code resource} for the key. */
    public void grant(IssuedKey key, String action, String resource) {
        grants.computeIfAbsent(key.accessKeyId(), k -> ConcurrentHashMap.newKeySet()).add(action + " " + resource);
    }

    /** Instance metadata serves session credentials for this role (IMDSv2 only). */
    public IssuedKey instanceRole(String role) {
        imdsRole = role;
        imdsKey = sessionKey();
        return imdsKey;
    }

    /** Container credentials (ECS task role / EKS Pod Identity) behind this authorization token. */
    public IssuedKey containerRole(String authorizationToken) {
        containerToken = authorizationToken;
        containerKey = sessionKey();
        return containerKey;
    }

    /** A role that AssumeRoleWithWebIdentity grants to callers presenting {@code webToken}. */
    public void webIdentityRole(String roleArn, String webToken) {
        webIdentityRoles.put(roleArn, webToken);
    }

    public void secret(String arn, String secretString) {
        secrets.put(arn, secretString);
    }

    /** @param type String or SecureString */
    public void parameter(String arn, String type, String value) {
        parameters.put(arn, new String[] {type, value});
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            if (path.startsWith("/latest/")) {
                imds(exchange, path);
            } else if (path.startsWith("/container/")) {
                container(exchange);
            } else {
                String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
                if (target != null) {
                    jsonService(exchange, body, target);
                } else {
                    sts(exchange, body);
                }
            }
        } catch (RuntimeException e) {
            send(exchange, 500, "text/plain", "fake error: " + e);
        }
    }

    // --- instance metadata (IMDSv2) ---

    private void imds(HttpExchange exchange, String path) throws IOException {
        if (path.equals("/latest/api/token") && exchange.getRequestMethod().equals("PUT")) {
            if (exchange.getRequestHeaders().getFirst("X-aws-ec2-metadata-token-ttl-seconds") == null) {
                send(exchange, 400, "text/plain", "missing ttl");
                return;
            }
            String token = hex(16);
            imdsTokens.put(token, "ok");
            calls.add("imds token issued");
            send(exchange, 200, "text/plain", token);
            return;
        }
        String token = exchange.getRequestHeaders().getFirst("X-aws-ec2-metadata-token");
        if (token == null || !imdsTokens.containsKey(token)) {
            calls.add("imds " + path + " unauthorized");
            send(exchange, 401, "text/plain", "");
            return;
        }
        String creds = "/latest/meta-data/iam/security-credentials/";
        if (imdsRole != null && path.equals(creds)) {
            send(exchange, 200, "text/plain", imdsRole);
        } else if (imdsRole != null && path.equals(creds + imdsRole)) {
            calls.add("imds credentials " + imdsRole);
            send(exchange, 200, "application/json", credentialsJson(imdsKey, true));
        } else if (path.equals("/latest/meta-data/placement/region")) {
            send(exchange, 200, "text/plain", "us-east-1");
        } else {
            send(exchange, 404, "text/plain", "");
        }
    }

    // --- container credentials ---

    private void container(HttpExchange exchange) throws IOException {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (containerToken == null || !containerToken.equals(auth)) {
            calls.add("container credentials unauthorized");
            send(exchange, 401, "application/json", "{\"code\":\"Unauthorized\"}");
            return;
        }
        calls.add("container credentials");
        send(exchange, 200, "application/json", credentialsJson(containerKey, false));
    }

    private String credentialsJson(IssuedKey key, boolean imds) {
        return "{" + (imds ? "\"Code\":\"Success\",\"Type\":\"AWS-HMAC\",\"LastUpdated\":\"" + clock.instant() + "\"," : "")
                + "\"AccessKeyId\":\"" + key.accessKeyId() + "\",\"SecretAccessKey\":\"" + key.secretAccessKey() + "\",\"Token\":\""
                + key.sessionToken() + "\",\"Expiration\":\"" + key.expiresAt() + "\"}";
    }

    // --- STS (query protocol) ---

    private void sts(HttpExchange exchange, byte[] body) throws IOException {
        Map<String, String> form = form(new String(body, StandardCharsets.UTF_8));
        String action = form.getOrDefault("Action", "");
        if (action.equals("AssumeRoleWithWebIdentity")) {
            String role = form.get("RoleArn");
            String expected = webIdentityRoles.get(role);
            if (expected == null || !expected.equals(form.get("WebIdentityToken"))) {
                calls.add("sts AssumeRoleWithWebIdentity " + role + " denied");
                stsError(exchange, 400, "InvalidIdentityToken", "The web identity token is not valid for " + role);
                return;
            }
            calls.add("sts AssumeRoleWithWebIdentity " + role);
            stsCredentials(exchange, action, role, form.getOrDefault("RoleSessionName", "web"));
            return;
        }
        Optional<IssuedKey> caller = authenticate(exchange, body, "sts");
        if (caller.isEmpty()) {
            return;
        }
        if (action.equals("AssumeRole")) {
            String role = form.get("RoleArn");
            if (!allowed(caller.get(), "sts:AssumeRole", role)) {
                calls.add("sts AssumeRole " + role + " by " + caller.get().accessKeyId() + " denied");
                stsError(exchange, 403, "AccessDenied", "User: " + caller.get().accessKeyId() + " is not authorized to perform: sts:AssumeRole on resource: " + role);
                return;
            }
            calls.add("sts AssumeRole " + role + (form.containsKey("ExternalId") ? " external-id " + form.get("ExternalId") : ""));
            stsCredentials(exchange, action, role, form.getOrDefault("RoleSessionName", "session"));
        } else {
            stsError(exchange, 400, "InvalidAction", "Could not find operation " + action);
        }
    }

    private void stsCredentials(HttpExchange exchange, String action, String role, String session) throws IOException {
        IssuedKey key = sessionKey();
        String roleName = role.substring(role.lastIndexOf('/') + 1);
        String xml = "<" + action + "Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><" + action + "Result>"
                + "<Credentials><AccessKeyId>" + key.accessKeyId() + "</AccessKeyId><SecretAccessKey>" + key.secretAccessKey()
                + "</SecretAccessKey><SessionToken>" + key.sessionToken() + "</SessionToken><Expiration>" + key.expiresAt() + "</Expiration></Credentials>"
                + "<AssumedRoleUser><AssumedRoleId>AROA" + hex(8).toUpperCase() + ":" + session + "</AssumedRoleId><Arn>arn:aws:sts::" + ACCOUNT
                + ":assumed-role/" + roleName + "/" + session + "</Arn></AssumedRoleUser>"
                + "</" + action + "Result><ResponseMetadata><RequestId>" + hex(8) + "</RequestId></ResponseMetadata></" + action + "Response>";
        send(exchange, 200, "text/xml", xml);
    }

    private void stsError(HttpExchange exchange, int status, String code, String message) throws IOException {
        send(exchange, status, "text/xml", "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>" + code
                + "</Code><Message>" + message + "</Message></Error><RequestId>" + hex(8) + "</RequestId></ErrorResponse>");
    }

    // --- Secrets Manager and SSM (JSON protocol) ---

    private void jsonService(HttpExchange exchange, byte[] body, String target) throws IOException {
        String service = target.startsWith("secretsmanager.") ? "secretsmanager" : "ssm";
        Optional<IssuedKey> caller = authenticate(exchange, body, service);
        if (caller.isEmpty()) {
            return;
        }
        Map<String, String> request = jsonFields(new String(body, StandardCharsets.UTF_8));
        switch (target) {
            case "secretsmanager.GetSecretValue" -> {
                String id = request.get("SecretId");
                if (!allowed(caller.get(), "secretsmanager:GetSecretValue", id)) {
                    calls.add("secretsmanager GetSecretValue " + id + " denied");
                    jsonError(exchange, 400, "AccessDeniedException", "User: " + caller.get().accessKeyId()
                            + " is not authorized to perform: secretsmanager:GetSecretValue on resource: " + id);
                } else if (!secrets.containsKey(id)) {
                    calls.add("secretsmanager GetSecretValue " + id + " not found");
                    jsonError(exchange, 400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
                } else {
                    calls.add("secretsmanager GetSecretValue " + id);
                    send(exchange, 200, "application/x-amz-json-1.1", "{\"ARN\":\"" + id + "\",\"Name\":\"" + id.substring(id.lastIndexOf(':') + 1)
                            + "\",\"SecretString\":" + jsonString(secrets.get(id)) + ",\"VersionId\":\"v1\",\"VersionStages\":[\"AWSCURRENT\"]}");
                }
            }
            case "AmazonSSM.GetParameter" -> {
                String name = request.get("Name");
                String[] parameter = parameters.get(name);
                boolean decrypt = "true".equals(request.get("WithDecryption"));
                if (!allowed(caller.get(), "ssm:GetParameter", name)) {
                    calls.add("ssm GetParameter " + name + " denied");
                    jsonError(exchange, 400, "AccessDeniedException", "User: " + caller.get().accessKeyId()
                            + " is not authorized to perform: ssm:GetParameter on resource: " + name);
                } else if (parameter == null) {
                    calls.add("ssm GetParameter " + name + " not found");
                    jsonError(exchange, 400, "ParameterNotFound", "");
                } else if (parameter[0].equals("SecureString") && decrypt && !allowed(caller.get(), "kms:Decrypt", name)) {
                    calls.add("ssm GetParameter " + name + " kms denied");
                    jsonError(exchange, 400, "AccessDeniedException", "User: " + caller.get().accessKeyId()
                            + " is not authorized to perform: kms:Decrypt on the key of " + name);
                } else {
                    calls.add("ssm GetParameter " + name);
                    String value = parameter[0].equals("SecureString") && !decrypt ? "AQICAHencrypted" : parameter[1];
                    send(exchange, 200, "application/x-amz-json-1.1", "{\"Parameter\":{\"Name\":" + jsonString(name) + ",\"Type\":\"" + parameter[0]
                            + "\",\"Value\":" + jsonString(value) + ",\"Version\":1,\"ARN\":" + jsonString(name) + "}}");
                }
            }
            default -> jsonError(exchange, 400, "UnknownOperationException", target);
        }
    }

    private void jsonError(HttpExchange exchange, int status, String type, String message) throws IOException {
        exchange.getResponseHeaders().add("x-amzn-ErrorType", type);
        send(exchange, status, "application/x-amz-json-1.1", "{\"__type\":\"" + type + "\",\"message\":" + jsonString(message) + "}");
    }

    // --- authentication and authorisation ---

    /** The issued key that validly signed the request; otherwise an error has been sent. */
    private Optional<IssuedKey> authenticate(HttpExchange exchange, byte[] body, String service) throws IOException {
        Optional<SigV4Headers.Claim> claim = SigV4Headers.claim(exchange);
        IssuedKey key = claim.map(c -> keys.get(c.accessKeyId())).orElse(null);
        if (claim.isEmpty() || key == null) {
            calls.add(service + " unsigned or unknown key");
            deny(exchange, service, 403, "UnrecognizedClientException", "The security token included in the request is invalid.");
            return Optional.empty();
        }
        if (!claim.get().service().equals(service) || !SigV4Headers.verify(exchange, body, claim.get(), key.secretAccessKey())) {
            calls.add(service + " bad signature by " + key.accessKeyId());
            deny(exchange, service, 403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.");
            return Optional.empty();
        }
        if (key.sessionToken() != null && !key.sessionToken().equals(exchange.getRequestHeaders().getFirst("X-Amz-Security-Token"))) {
            deny(exchange, service, 403, "UnrecognizedClientException", "The security token included in the request is invalid.");
            return Optional.empty();
        }
        if (key.expiresAt() != null && clock.instant().isAfter(key.expiresAt())) {
            calls.add(service + " expired key " + key.accessKeyId());
            deny(exchange, service, 400, "ExpiredTokenException", "The security token included in the request is expired");
            return Optional.empty();
        }
        return Optional.of(key);
    }

    private void deny(HttpExchange exchange, String service, int status, String code, String message) throws IOException {
        if (service.equals("sts")) {
            stsError(exchange, status, code.replace("Exception", ""), message);
        } else {
            jsonError(exchange, status, code, message);
        }
    }

    private boolean allowed(IssuedKey key, String action, String resource) {
        return grants.getOrDefault(key.accessKeyId(), Set.of()).contains(action + " " + resource);
    }

    // --- plumbing ---

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("x-amzn-RequestId", "fake");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    /** Top-level string and boolean fields of a flat JSON request (all these APIs send). */
    private static Map<String, String> jsonFields(String json) {
        Map<String, String> fields = new HashMap<>();
        Matcher m = JSON_STRING_FIELD.matcher(json);
        while (m.find()) {
            fields.put(m.group(1), m.group(3) != null ? m.group(3).replace("\\\"", "\"").replace("\\\\", "\\") : m.group(2));
        }
        return fields;
    }

    private static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private String hex(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Writes a web identity token file (as EKS IRSA mounts one). */
    public static Path webIdentityTokenFile(Path dir, String token) throws IOException {
        Path file = dir.resolve("web-identity-token");
        Files.writeString(file, token);
        return file;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
