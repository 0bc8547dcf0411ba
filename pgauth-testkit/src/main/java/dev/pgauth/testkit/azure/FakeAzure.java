package dev.pgauth.testkit.azure;

import com.sun.net.httpserver.HttpServer;
import dev.pgauth.testkit.http.Exchange;
import dev.pgauth.testkit.http.LoopbackTls;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loopback fakes of the Azure endpoints pgauth's identities and secrets come from, checking what
 * the real services check: the Entra authority (https) issues tokens for a client secret or a
 * workload-identity federated token registered for that application; instance metadata requires
 * {@code Metadata: true} and refuses to guess among several user-assigned identities; the App
 * Service identity endpoint requires its {@code X-IDENTITY-HEADER}; Key Vault (https) requires a
 * token for the vault audience whose principal may get that secret, and refuses disabled secrets.
 * azure-identity reaches them through its own settings ({@code AZURE_AUTHORITY_HOST},
 * {@code AZURE_POD_IDENTITY_AUTHORITY_HOST}, {@code IDENTITY_ENDPOINT}/{@code IDENTITY_HEADER}).
 */
public final class FakeAzure implements AutoCloseable {
    public static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    public static final String DATABASE_AUDIENCE = "https://ossrdbms-aad.database.windows.net";
    public static final String VAULT_AUDIENCE = "https://vault.azure.net";
    private static final Duration TOKEN_LIFETIME = Duration.ofHours(1);
    private static final Pattern TOKEN_PATH = Pattern.compile("/([^/]+)/oauth2/v2\\.0/token");
    private static final Pattern SECRET_PATH = Pattern.compile("/secrets/([A-Za-z0-9-]+)(?:/([0-9a-f]{32}))?/?");

    /** A token this fake issued: the principal's name (what a PostgreSQL role must equal) and the audience. */
    public record Issued(String principal, String audience, Instant expiresAt) {
    }

    private record App(String name, String secret, String federatedToken) {
    }

    private record Secret(String value, boolean enabled) {
    }

    private final HttpServer http;
    private final HttpServer https;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, App> apps = new ConcurrentHashMap<>();
    private final Map<String, String> managedIdentities = new ConcurrentHashMap<>();
    private final Map<String, Issued> issued = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Secret>> secrets = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> secretReaders = new ConcurrentHashMap<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private volatile String identityHeader = UUID.randomUUID().toString();

    public FakeAzure(Clock clock) throws IOException {
        this.clock = clock;
        http = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 50);
        https = LoopbackTls.server();
        for (HttpServer s : List.of(http, https)) {
            s.createContext("/", e -> {
                try (e) {
                    handle(new Exchange(e), s == https);
                }
            });
            s.start();
        }
    }

    /** For {@code AZURE_AUTHORITY_HOST}. */
    public String authorityHost() {
        return "https://127.0.0.1:" + https.getAddress().getPort();
    }

    /** For {@code AZURE_POD_IDENTITY_AUTHORITY_HOST}: instance metadata. */
    public String imdsHost() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    /** For {@code IDENTITY_ENDPOINT} (App Service, Container Apps, Functions). */
    public String appServiceEndpoint() {
        return imdsHost() + "/msi/token";
    }

    /** For {@code IDENTITY_HEADER}. */
    public String identityHeader() {
        return identityHeader;
    }

    /** A stand-in for {@code https://<vault>.vault.azure.net}. */
    public String vaultEndpoint() {
        return authorityHost();
    }

    public List<String> calls() {
        return calls;
    }

    // ---- identities

    /** An application (service principal) named {@code name} with a client secret; returns its client ID. */
    public String appWithSecret(String name, String secret) {
        String clientId = UUID.randomUUID().toString();
        apps.put(clientId, new App(name, secret, null));
        return clientId;
    }

    /** An application trusting one federated (Kubernetes service account) token; returns its client ID. */
    public String appWithFederatedToken(String name, String federatedToken) {
        String clientId = UUID.randomUUID().toString();
        apps.put(clientId, new App(name, null, federatedToken));
        return clientId;
    }

    /** Attaches a user-assigned managed identity to "this host"; returns its client ID. */
    public String userAssignedIdentity(String name) {
        String clientId = UUID.randomUUID().toString();
        managedIdentities.put(clientId, name);
        return clientId;
    }

    // ---- Key Vault

    public void secret(String name, String value, boolean enabled) {
        secrets.computeIfAbsent(name, k -> new ConcurrentHashMap<>()).put("", new Secret(value, enabled));
    }

    /** A specific version; returns its 32-hex-digit id. */
    public String secretVersion(String name, String value, boolean enabled) {
        String version = HexFormat.of().formatHex(bytes(16));
        secrets.computeIfAbsent(name, k -> new ConcurrentHashMap<>()).put(version, new Secret(value, enabled));
        return version;
    }

    /** {@code principal} holds Key Vault Secrets User on secret {@code name}. */
    public void grantSecretsUser(String principal, String name) {
        secretReaders.computeIfAbsent(principal, k -> ConcurrentHashMap.newKeySet()).add(name);
    }

    /** What a token is, if this fake issued it and it has not expired. */
    public Optional<Issued> issued(String token) {
        Issued i = issued.get(token);
        return i != null && clock.instant().isBefore(i.expiresAt()) ? Optional.of(i) : Optional.empty();
    }

    public boolean everIssued(String token) {
        return issued.containsKey(token);
    }

    public List<String> issuedTokens() {
        return List.copyOf(issued.keySet());
    }

    /** Revokes every token issued so far. */
    public void revokeIssued() {
        issued.replaceAll((t, i) -> new Issued(i.principal(), i.audience(), Instant.EPOCH));
    }

    // ---- HTTP

    private void handle(Exchange x, boolean tls) throws IOException {
        String path = x.path();
        Matcher token = TOKEN_PATH.matcher(path);
        Matcher secret = SECRET_PATH.matcher(path);
        if (tls && token.matches() && x.method().equals("POST")) {
            authority(x, token.group(1));
        } else if (tls && secret.matches() && x.method().equals("GET")) {
            keyVault(x, secret.group(1), secret.group(2));
        } else if (!tls && path.equals("/metadata/identity/oauth2/token")) {
            imds(x);
        } else if (!tls && path.equals("/msi/token")) {
            appService(x);
        } else {
            x.json(404, Map.of("error", Map.of("code", "NotFound", "message", "no such API in the fake: " + path)));
        }
    }

    private void authority(Exchange x, String tenant) throws IOException {
        Map<String, String> form = x.form();
        App app = apps.get(form.getOrDefault("client_id", ""));
        if (!TENANT.equals(tenant)) {
            aadError(x, 400, "invalid_request", "AADSTS90002: Tenant '" + tenant + "' not found.");
            return;
        }
        if (app == null) {
            aadError(x, 400, "unauthorized_client", "AADSTS700016: Application with identifier '" + form.get("client_id") + "' was not found in the directory.");
            return;
        }
        boolean secretOk = app.secret() != null && app.secret().equals(form.get("client_secret"));
        boolean assertionOk = app.federatedToken() != null && "urn:ietf:params:oauth:client-assertion-type:jwt-bearer".equals(form.get("client_assertion_type"))
                && app.federatedToken().equals(form.get("client_assertion"));
        if (!"client_credentials".equals(form.get("grant_type")) || !(secretOk || assertionOk)) {
            calls.add("entra " + app.name() + " refused");
            aadError(x, 401, "invalid_client", app.secret() != null ? "AADSTS7000215: Invalid client secret provided."
                    : "AADSTS700213: No matching federated identity record found for presented assertion subject.");
            return;
        }
        // MSAL adds openid, profile and offline_access; the resource is the one ".default" scope.
        String audience = Arrays.stream(form.getOrDefault("scope", "").split(" ")).filter(sc -> sc.endsWith("/.default"))
                .map(sc -> sc.substring(0, sc.length() - "/.default".length())).findFirst().orElse("");
        calls.add("entra " + app.name() + " " + (secretOk ? "secret" : "federated") + " " + audience);
        String t = issue(app.name(), audience, Map.of("appid", form.get("client_id"), "oid", UUID.randomUUID().toString()), TOKEN_LIFETIME);
        x.json(200, Map.of("token_type", "Bearer", "expires_in", TOKEN_LIFETIME.toSeconds(), "ext_expires_in", TOKEN_LIFETIME.toSeconds(), "access_token", t));
    }

    private void imds(Exchange x) throws IOException {
        if (!"true".equals(x.header("Metadata"))) {
            x.json(400, Map.of("error", "invalid_request", "error_description", "Required metadata header not specified"));
            return;
        }
        managedIdentityToken(x, "imds", x.query().get("client_id"));
    }

    private void appService(Exchange x) throws IOException {
        if (!identityHeader.equals(x.header("X-IDENTITY-HEADER"))) {
            calls.add("appservice refused: X-IDENTITY-HEADER");
            x.json(401, Map.of("statusCode", 401, "message", "Unauthorized request: missing or wrong X-IDENTITY-HEADER"));
            return;
        }
        managedIdentityToken(x, "appservice", x.query().get("client_id"));
    }

    private void managedIdentityToken(Exchange x, String source, String clientId) throws IOException {
        String name;
        if (clientId != null) {
            name = managedIdentities.get(clientId);
            if (name == null) {
                x.json(400, Map.of("error", "invalid_request", "error_description", "Identity not found"));
                return;
            }
        } else if (managedIdentities.size() > 1) {
            calls.add(source + " refused: ambiguous");
            x.json(400, Map.of("error", "invalid_request",
                    "error_description", "Multiple user assigned identities exist, please specify the clientId / resourceId of the identity in the token request"));
            return;
        } else if (managedIdentities.size() == 1) {
            name = managedIdentities.values().iterator().next();
        } else {
            x.json(400, Map.of("error", "invalid_request", "error_description", "Identity not found"));
            return;
        }
        String resource = x.query().getOrDefault("resource", "");
        calls.add(source + " " + name + " " + resource);
        String t = issue(name, resource.replaceAll("/+$", ""), Map.of("oid", UUID.randomUUID().toString(), "xms_mirid", "/subscriptions/x/" + name), TOKEN_LIFETIME);
        long expiresOn = clock.instant().plus(TOKEN_LIFETIME).getEpochSecond();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", t);
        body.put("expires_on", Long.toString(expiresOn));
        body.put("expires_in", Long.toString(TOKEN_LIFETIME.toSeconds()));
        body.put("resource", resource);
        body.put("token_type", "Bearer");
        if (clientId != null) {
            body.put("client_id", clientId);
        }
        x.json(200, body);
    }

    private void keyVault(Exchange x, String name, String version) throws IOException {
        Optional<Issued> caller = x.bearer().flatMap(this::issued);
        if (caller.isEmpty() || !caller.get().audience().equals(VAULT_AUDIENCE)) {
            calls.add("keyvault refused: unauthorized");
            x.respond(401, "application/json; charset=utf-8",
                    "{\"error\":{\"code\":\"Unauthorized\",\"message\":\"AKV10000: Request is missing a Bearer or PoP token.\"}}",
                    Map.of("WWW-Authenticate", "Bearer authorization=\"https://login.microsoftonline.com/" + TENANT + "\", resource=\"" + VAULT_AUDIENCE + "\""));
            return;
        }
        String principal = caller.get().principal();
        if (!secretReaders.getOrDefault(principal, Set.of()).contains(name)) {
            calls.add("keyvault " + principal + " denied " + name);
            x.json(403, Map.of("error", Map.of("code", "Forbidden", "message", "Caller is not authorized to perform action on resource. Action: "
                    + "'Microsoft.KeyVault/vaults/secrets/getSecret/action'", "innererror", Map.of("code", "ForbiddenByRbac"))));
            return;
        }
        Secret s = secrets.getOrDefault(name, Map.of()).get(version == null ? "" : version);
        if (s == null) {
            calls.add("keyvault " + principal + " not found " + name);
            x.json(404, Map.of("error", Map.of("code", "SecretNotFound", "message",
                    "A secret with (name/id) " + name + (version == null ? "" : "/" + version) + " was not found in this key vault.")));
            return;
        }
        if (!s.enabled()) {
            calls.add("keyvault " + principal + " disabled " + name);
            x.json(403, Map.of("error", Map.of("code", "Forbidden", "message", "Operation get is not allowed on a disabled secret.",
                    "innererror", Map.of("code", "SecretDisabled"))));
            return;
        }
        calls.add("keyvault " + principal + " get " + name);
        x.json(200, Map.of("value", s.value(), "id", vaultEndpoint() + "/secrets/" + name + "/" + (version == null ? "0" : version),
                "attributes", Map.of("enabled", true)));
    }

    /** A token issued as if by one of the flows, for tests of what the gate accepts. */
    public String issue(String principal, String audience, Duration lifetime) {
        return issue(principal, audience, Map.of("oid", UUID.randomUUID().toString()), lifetime);
    }

    /** A JWT-shaped token (the signature is random; the issued map is what counts). */
    private String issue(String principal, String audience, Map<String, String> extraClaims, Duration lifetime) {
        Map<String, Object> claims = new LinkedHashMap<>(extraClaims);
        claims.put("aud", audience);
        claims.put("iss", "https://sts.windows.net/" + TENANT + "/");
        claims.put("tid", TENANT);
        claims.put("exp", clock.instant().plus(lifetime).getEpochSecond());
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String token;
        try {
            token = b64.encodeToString("{\"typ\":\"JWT\",\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                    + b64.encodeToString(Exchange.JSON.writeValueAsBytes(claims)) + "." + b64.encodeToString(bytes(32));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        issued.put(token, new Issued(principal, audience, clock.instant().plus(lifetime)));
        return token;
    }

    private static void aadError(Exchange x, int status, String error, String description) throws IOException {
        x.json(status, Map.of("error", error, "error_description", description, "error_codes", List.of(Integer.parseInt(description.substring(6, description.indexOf(':'))))));
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    @Override
    public void close() {
        http.stop(0);
        https.stop(0);
    }
}
