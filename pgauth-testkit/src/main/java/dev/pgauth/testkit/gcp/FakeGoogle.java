package dev.pgauth.testkit.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.pgauth.testkit.http.Exchange;
import dev.pgauth.testkit.http.LoopbackTls;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
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
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * Loopback fakes of the Google endpoints pgauth's identities and secrets come from, checking what
 * the real services check: the OAuth token endpoint verifies service-account JWT assertions
 * against the public key of a key this fake issued (and refresh tokens of authorized users); the
 * metadata server requires {@code Metadata-Flavor: Google}; STS exchanges a workload-identity
 * subject token for the pool it was registered for; IAM Credentials {@code generateAccessToken}
 * requires Token Creator on the target service account; Secret Manager requires a bearer token
 * with the cloud-platform scope whose principal was granted {@code secretmanager.versions.access}
 * on that secret. The official library reaches them through its own settings
 * ({@code GCE_METADATA_HOST}, {@code token_uri}/{@code token_url} in credential files); the
 * external-account URLs are https, as the library requires ({@link LoopbackTls}).
 */
public final class FakeGoogle implements AutoCloseable {
    public static final String SQL_LOGIN = "https://www.googleapis.com/auth/sqlservice.login";
    public static final String CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform";
    /** What google-auth puts in every service-account assertion, whatever the key file's token_uri. */
    private static final String ASSERTION_AUDIENCE = "https://oauth2.googleapis.com/token";
    private static final Duration TOKEN_LIFETIME = Duration.ofHours(1);
    private static final Pattern GENERATE = Pattern.compile("/v1/projects/-/serviceAccounts/([^/:]+):generateAccessToken");
    private static final Pattern ACCESS = Pattern.compile("/v1/(projects/[^/]+/secrets/[^/]+)/versions/([^/:]+):access");

    /** A token this fake issued. */
    public record Issued(String principal, Set<String> scopes, Instant expiresAt) {
    }

    /** A service account with a key whose private half only the key file holds. */
    public record ServiceAccount(String email, String keyId, KeyPair keys) {
        /** The database user Cloud SQL creates for it: the email without .gserviceaccount.com. */
        public String databaseUser() {
            return email.substring(0, email.length() - ".gserviceaccount.com".length());
        }
    }

    public enum State { ENABLED, DISABLED, DESTROYED }

    private record Version(String value, State state, boolean corruptChecksum) {
    }

    private record RefreshGrant(String principal, String clientId, String clientSecret, Set<String> scopes) {
    }

    private record Pool(String subjectToken, String principal) {
    }

    private final HttpServer server;
    private final HttpServer tlsServer;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, ServiceAccount> accounts = new ConcurrentHashMap<>();
    private final Map<String, RefreshGrant> refreshTokens = new ConcurrentHashMap<>();
    private final Map<String, Pool> pools = new ConcurrentHashMap<>();
    private final Map<String, Issued> issued = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> tokenCreators = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> secretReaders = new ConcurrentHashMap<>();
    private final Map<String, TreeMap<Integer, Version>> secrets = new ConcurrentHashMap<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private volatile String metadataAccount;

    public FakeGoogle(Clock clock) throws IOException {
        this.clock = clock;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 50);
        tlsServer = LoopbackTls.server();
        for (HttpServer s : List.of(server, tlsServer)) {
            s.createContext("/", e -> {
                try (e) {
                    handle(new Exchange(e));
                }
            });
            s.start();
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The same fake over https (certificate from the sandbox CA), for clients that insist on https. */
    public String httpsEndpoint() {
        return "https://127.0.0.1:" + tlsServer.getAddress().getPort();
    }

    /** For {@code GCE_METADATA_HOST}. */
    public String metadataHost() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every call, as "api principal outcome", for assertions. */
    public List<String> calls() {
        return calls;
    }

    // ---- identities

    public ServiceAccount serviceAccount(String email) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            ServiceAccount account = new ServiceAccount(email, hex(20), generator.generateKeyPair());
            accounts.put(email, account);
            return account;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A service-account key file, as the console downloads it, whose token_uri is this fake. */
    public String keyFile(ServiceAccount account) {
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(account.keys().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        return json(Map.of("type", "service_account", "project_id", "pgauth-test", "private_key_id", account.keyId(), "private_key", pem,
                "client_email", account.email(), "client_id", "1000", "token_uri", endpoint() + "/token"));
    }

    /** An authorized-user ADC file as {@code gcloud auth application-default login} writes it, granted these scopes. */
    public String authorizedUserFile(String email, String... scopes) {
        String refreshToken = "1//" + hex(24);
        String clientId = hex(6) + ".apps.googleusercontent.com";
        String clientSecret = hex(12);
        refreshTokens.put(refreshToken, new RefreshGrant(email, clientId, clientSecret, Set.of(scopes)));
        return json(Map.of("type", "authorized_user", "client_id", clientId, "client_secret", clientSecret, "refresh_token", refreshToken,
                "token_uri", endpoint() + "/token"));
    }

    /**
     * A workload identity federation (external account) file: the subject token is read from
     * {@code subjectTokenFile}, exchanged at this fake's STS, then used to impersonate {@code account}.
     */
    public String externalAccountFile(String subjectTokenFile, String subjectToken, ServiceAccount account) {
        String audience = "//iam.googleapis.com/projects/1000/locations/global/workloadIdentityPools/pool-" + hex(3) + "/providers/ci";
        String principal = "principal:" + audience.substring(2) + "/subject/ci-runner";
        pools.put(audience, new Pool(subjectToken, principal));
        grantTokenCreator(principal, account.email());
        return json(Map.of("type", "external_account", "audience", audience,
                "subject_token_type", "urn:ietf:params:oauth:token-type:jwt", "token_url", httpsEndpoint() + "/sts/v1/token",
                "service_account_impersonation_url", httpsEndpoint() + "/v1/projects/-/serviceAccounts/" + account.email() + ":generateAccessToken",
                "credential_source", Map.of("file", subjectTokenFile)));
    }

    /** The metadata server serves tokens for this attached service account. */
    public void metadataServiceAccount(String email) {
        this.metadataAccount = email;
    }

    /** {@code caller} holds roles/iam.serviceAccountTokenCreator on {@code target}. */
    public void grantTokenCreator(String caller, String target) {
        tokenCreators.computeIfAbsent(caller, k -> ConcurrentHashMap.newKeySet()).add(target);
    }

    // ---- secrets

    /** Adds the next version of {@code projects/<p>/secrets/<s>}; returns its number. */
    public int secretVersion(String secret, String value, State state) {
        return addVersion(secret, new Version(value, state, false));
    }

    /** A version whose payload does not match the CRC32C the service reports, as after corruption in transit. */
    public int corruptSecretVersion(String secret, String value) {
        return addVersion(secret, new Version(value, State.ENABLED, true));
    }

    private int addVersion(String secret, Version version) {
        TreeMap<Integer, Version> versions = secrets.computeIfAbsent(secret, k -> new TreeMap<>());
        synchronized (versions) {
            int number = versions.isEmpty() ? 1 : versions.lastKey() + 1;
            versions.put(number, version);
            return number;
        }
    }

    /** {@code principal} (an email, or a federated principal) may access versions of {@code secret}. */
    public void grantSecretAccess(String principal, String secret) {
        secretReaders.computeIfAbsent(principal, k -> ConcurrentHashMap.newKeySet()).add(secret);
    }

    /** What a token is, if this fake issued it and it has not expired. */
    public Optional<Issued> issued(String token) {
        Issued i = issued.get(token);
        return i != null && clock.instant().isBefore(i.expiresAt()) ? Optional.of(i) : Optional.empty();
    }

    /** Whether this fake ever issued {@code token} (expired or not). */
    public boolean everIssued(String token) {
        return issued.containsKey(token);
    }

    // ---- HTTP

    private void handle(Exchange x) throws IOException {
        String path = x.path();
        if (path.startsWith("/computeMetadata/") || path.equals("/")) {
            metadata(x, path);
        } else if (path.equals("/token") && x.method().equals("POST")) {
            token(x);
        } else if (path.equals("/sts/v1/token") && x.method().equals("POST")) {
            sts(x);
        } else if (GENERATE.matcher(path).matches() && x.method().equals("POST")) {
            generateAccessToken(x, GENERATE.matcher(path));
        } else if (ACCESS.matcher(path).matches() && x.method().equals("GET")) {
            access(x, ACCESS.matcher(path));
        } else {
            googleError(x, 404, "NOT_FOUND", "no such API in the fake: " + path);
        }
    }

    private void metadata(Exchange x, String path) throws IOException {
        Map<String, String> flavor = Map.of("Metadata-Flavor", "Google");
        if (!"Google".equals(x.header("Metadata-Flavor"))) {
            calls.add("metadata - refused: no Metadata-Flavor header");
            x.respond(403, "text/html", "Missing Metadata-Flavor:Google header.", flavor);
            return;
        }
        String account = metadataAccount;
        switch (path) {
            case "/", "/computeMetadata/v1/" -> x.respond(200, "application/text", "computeMetadata/", flavor);
            case "/computeMetadata/v1/universe/universe-domain" -> x.respond(200, "application/text", "googleapis.com", flavor);
            case "/computeMetadata/v1/project/project-id" -> x.respond(200, "application/text", "pgauth-test", flavor);
            case "/computeMetadata/v1/instance/service-accounts/default/email" -> {
                if (account == null) {
                    x.respond(404, "text/html", "not found", flavor);
                } else {
                    x.respond(200, "application/text", account, flavor);
                }
            }
            case "/computeMetadata/v1/instance/service-accounts/default/token" -> {
                if (account == null) {
                    calls.add("metadata - refused: no service account attached");
                    x.respond(404, "text/html", "not found", flavor);
                    return;
                }
                String scopes = x.query().getOrDefault("scopes", CLOUD_PLATFORM);
                String token = issue(account, Set.of(scopes.split(",")));
                calls.add("metadata " + account + " token");
                x.respond(200, "application/json", json(Map.of("access_token", token, "expires_in", TOKEN_LIFETIME.toSeconds(), "token_type", "Bearer")), flavor);
            }
            default -> x.respond(404, "text/html", "not found", flavor);
        }
    }

    private void token(Exchange x) throws IOException {
        Map<String, String> form = x.form();
        String grant = form.getOrDefault("grant_type", "");
        if (grant.equals("urn:ietf:params:oauth:grant-type:jwt-bearer")) {
            Optional<JsonNode> claims = verifyJwt(form.getOrDefault("assertion", ""));
            if (claims.isEmpty() || !ASSERTION_AUDIENCE.equals(claims.get().path("aud").asText())) {
                calls.add("oauth - refused: invalid assertion");
                x.json(400, Map.of("error", "invalid_grant", "error_description", "Invalid JWT Signature."));
                return;
            }
            String email = claims.get().path("iss").asText();
            Set<String> scopes = Set.of(claims.get().path("scope").asText("").split(" "));
            calls.add("oauth " + email + " jwt-bearer " + String.join(",", scopes));
            x.json(200, Map.of("access_token", issue(email, scopes), "expires_in", TOKEN_LIFETIME.toSeconds(), "token_type", "Bearer"));
        } else if (grant.equals("refresh_token")) {
            RefreshGrant g = refreshTokens.get(form.getOrDefault("refresh_token", ""));
            if (g == null || !g.clientId().equals(form.get("client_id")) || !g.clientSecret().equals(form.get("client_secret"))) {
                calls.add("oauth - refused: bad refresh token");
                x.json(400, Map.of("error", "invalid_grant", "error_description", "Token has been expired or revoked."));
                return;
            }
            calls.add("oauth " + g.principal() + " refresh_token");
            x.json(200, Map.of("access_token", issue(g.principal(), g.scopes()), "expires_in", TOKEN_LIFETIME.toSeconds(), "token_type", "Bearer",
                    "scope", String.join(" ", g.scopes())));
        } else {
            x.json(400, Map.of("error", "unsupported_grant_type", "error_description", "Invalid grant_type: " + grant));
        }
    }

    private void sts(Exchange x) throws IOException {
        Map<String, String> form = x.form();
        Pool pool = pools.get(form.getOrDefault("audience", ""));
        if (!"urn:ietf:params:oauth:grant-type:token-exchange".equals(form.get("grant_type")) || pool == null
                || !pool.subjectToken().equals(form.get("subject_token"))) {
            calls.add("sts - refused: invalid subject token or audience");
            x.json(400, Map.of("error", "invalid_grant", "error_description", "The audience or subject token is invalid."));
            return;
        }
        calls.add("sts " + pool.principal());
        x.json(200, Map.of("access_token", issue(pool.principal(), Set.of(CLOUD_PLATFORM)), "issued_token_type",
                "urn:ietf:params:oauth:token-type:access_token", "token_type", "Bearer", "expires_in", TOKEN_LIFETIME.toSeconds()));
    }

    private void generateAccessToken(Exchange x, Matcher m) throws IOException {
        m.matches();
        String target = m.group(1);
        Optional<String> caller = caller(x);
        if (caller.isEmpty()) {
            calls.add("iamcredentials - refused: unauthenticated");
            googleError(x, 401, "UNAUTHENTICATED", "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.");
            return;
        }
        if (!accounts.containsKey(target) || !tokenCreators.getOrDefault(caller.get(), Set.of()).contains(target)) {
            calls.add("iamcredentials " + caller.get() + " denied " + target);
            googleError(x, 403, "PERMISSION_DENIED", "Permission 'iam.serviceAccounts.getAccessToken' denied on resource (or it may not exist).");
            return;
        }
        JsonNode body = x.json();
        Set<String> scopes = new java.util.HashSet<>();
        body.path("scope").forEach(s -> scopes.add(s.asText()));
        Duration lifetime = Duration.ofSeconds(Long.parseLong(body.path("lifetime").asText("3600s").replace("s", "")));
        Duration effective = lifetime.compareTo(TOKEN_LIFETIME) < 0 ? lifetime : TOKEN_LIFETIME;
        String token = issue(target, scopes, effective);
        calls.add("iamcredentials " + caller.get() + " as " + target);
        x.json(200, Map.of("accessToken", token, "expireTime", clock.instant().plus(effective).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()));
    }

    private void access(Exchange x, Matcher m) throws IOException {
        m.matches();
        String secret = m.group(1);
        String versionName = m.group(2);
        String resource = secret + "/versions/" + versionName;
        Optional<String> caller = caller(x);
        if (caller.isEmpty()) {
            calls.add("secretmanager - refused: unauthenticated");
            googleError(x, 401, "UNAUTHENTICATED", "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.");
            return;
        }
        if (!secretReaders.getOrDefault(caller.get(), Set.of()).contains(secret)) {
            calls.add("secretmanager " + caller.get() + " denied " + resource);
            googleError(x, 403, "PERMISSION_DENIED", "Permission 'secretmanager.versions.access' denied for resource '" + resource + "' (or it may not exist).");
            return;
        }
        TreeMap<Integer, Version> versions = secrets.get(secret);
        Map.Entry<Integer, Version> found = null;
        if (versions != null) {
            synchronized (versions) {
                if (versionName.equals("latest")) {
                    found = versions.lastEntry();
                } else if (versionName.matches("\\d+") && versions.containsKey(Integer.parseInt(versionName))) {
                    found = Map.entry(Integer.parseInt(versionName), versions.get(Integer.parseInt(versionName)));
                }
            }
        }
        if (found == null) {
            calls.add("secretmanager " + caller.get() + " not found " + resource);
            googleError(x, 404, "NOT_FOUND", versions == null ? "Secret [" + secret + "] not found or has no versions." : "Secret Version [" + resource + "] not found.");
            return;
        }
        String name = secret + "/versions/" + found.getKey();
        if (found.getValue().state() != State.ENABLED) {
            calls.add("secretmanager " + caller.get() + " " + found.getValue().state() + " " + name);
            googleError(x, 400, "FAILED_PRECONDITION", "Secret Version [" + name + "] is in " + found.getValue().state() + " state.");
            return;
        }
        byte[] data = found.getValue().value().getBytes(StandardCharsets.UTF_8);
        CRC32C crc = new CRC32C();
        crc.update(data);
        long checksum = found.getValue().corruptChecksum() ? crc.getValue() ^ 1 : crc.getValue();
        calls.add("secretmanager " + caller.get() + " access " + name);
        x.json(200, Map.of("name", name, "payload", Map.of("data", Base64.getEncoder().encodeToString(data), "dataCrc32c", Long.toString(checksum))));
    }

    /** The principal behind the request's bearer token, if it may call Google APIs (cloud-platform scope). */
    private Optional<String> caller(Exchange x) {
        Optional<String> token = x.bearer();
        if (token.isEmpty()) {
            return Optional.empty();
        }
        Optional<Issued> i = issued(token.get());
        if (i.isPresent()) {
            return i.get().scopes().contains(CLOUD_PLATFORM) ? Optional.of(i.get().principal()) : Optional.empty();
        }
        // A self-signed JWT, which google-auth sends for service-account keys in place of an access token.
        return verifyJwt(token.get())
                .filter(c -> c.path("iss").asText().equals(c.path("sub").asText()))
                .filter(c -> Arrays.asList(c.path("scope").asText("").split(" ")).contains(CLOUD_PLATFORM)
                        || c.path("aud").asText().startsWith("https://"))
                .map(c -> c.path("iss").asText());
    }

    /** The claims of an RS256 JWT signed with a key of one of this fake's service accounts, unexpired. */
    private Optional<JsonNode> verifyJwt(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            Base64.Decoder b64 = Base64.getUrlDecoder();
            JsonNode header = Exchange.JSON.readTree(b64.decode(parts[0]));
            JsonNode claims = Exchange.JSON.readTree(b64.decode(parts[1]));
            ServiceAccount account = accounts.get(claims.path("iss").asText());
            if (account == null || !"RS256".equals(header.path("alg").asText()) || !account.keyId().equals(header.path("kid").asText())) {
                return Optional.empty();
            }
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initVerify(account.keys().getPublic());
            rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!rsa.verify(b64.decode(parts[2]))) {
                return Optional.empty();
            }
            long now = clock.instant().getEpochSecond();
            long iat = claims.path("iat").asLong();
            long exp = claims.path("exp").asLong();
            if (iat > now + 300 || exp <= now || exp - iat > 3600) {
                return Optional.empty();
            }
            return Optional.of(claims);
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private String issue(String principal, Set<String> scopes) {
        return issue(principal, scopes, TOKEN_LIFETIME);
    }

    /** A token issued as if by one of the flows, for tests of what the gate accepts. */
    public String issue(String principal, Set<String> scopes, Duration lifetime) {
        String token = "ya29.fake-" + hex(32);
        issued.put(token, new Issued(principal, Set.copyOf(scopes), clock.instant().plus(lifetime)));
        return token;
    }

    private static void googleError(Exchange x, int code, String status, String message) throws IOException {
        x.json(code, Map.of("error", Map.of("code", code, "message", message, "status", status)));
    }

    private static String json(Map<String, ?> value) {
        try {
            return Exchange.JSON.writeValueAsString(new LinkedHashMap<>(value));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String hex(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Every token issued so far (canaries for disclosure scans). */
    public List<String> issuedTokens() {
        return List.copyOf(issued.keySet());
    }

    /** Revokes every token issued so far, as when a key is deleted or a session ends. */
    public void revokeIssued() {
        issued.replaceAll((token, i) -> new Issued(i.principal(), i.scopes(), Instant.EPOCH));
    }

    @Override
    public void close() {
        server.stop(0);
        tlsServer.stop(0);
    }
}
