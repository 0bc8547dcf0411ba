package dev.pgauth.gcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgauth.FailureCategory;
import dev.pgauth.PgAuthException;
import dev.pgauth.config.TargetSpec;
import dev.pgauth.testkit.Capture;
import dev.pgauth.testkit.SandboxTargets;
import dev.pgauth.testkit.gcp.FakeGoogle;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** secret_store with a Secret Manager reference: the fetched password gives a real SCRAM login to the sandbox. */
class GcpSecretStoreTest {
    private static final String SA = "vault-reader@pgauth-test.iam.gserviceaccount.com";
    private static final AtomicInteger N = new AtomicInteger();

    @TempDir
    static Path dir;
    static GoogleFixture fx;
    static SandboxTargets sb;
    static Map<String, String> env;

    @BeforeAll
    static void setUp() throws Exception {
        fx = new GoogleFixture(dir);
        sb = new SandboxTargets(dir);
        env = fx.env(fx.google.keyFile(fx.google.serviceAccount(SA)));
    }

    @AfterAll
    static void tearDown() throws Exception {
        fx.close();
    }

    private record Role(String name, String password) {
    }

    private static Role role() {
        String password = "CANARYgcp" + UUID.randomUUID().toString().replace("-", "");
        return new Role(sb.passwordRole(password, true), password);
    }

    /** A new secret {@code projects/pgauth-test/secrets/<name>N} the service account may read. */
    private static String grantedSecret(String name) {
        String secret = "projects/pgauth-test/secrets/" + name + N.incrementAndGet();
        fx.google.grantSecretAccess(SA, secret);
        return secret;
    }

    private static TargetSpec target(String user, String ref, String... extra) throws Exception {
        String[] lines = new String[extra.length + 2];
        lines[0] = "auth_method: secret_store";
        lines[1] = "secret_ref: " + ref;
        System.arraycopy(extra, 0, lines, 2, extra.length);
        return fx.target(env, sb.target("gsm", user, lines));
    }

    private static String login(TargetSpec t) throws Exception {
        try (Connection c = GoogleFixture.connector(env).connect(t); ResultSet rs = c.createStatement().executeQuery("select current_user")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static PgAuthException failure(TargetSpec t) {
        return assertThrows(PgAuthException.class, () -> GoogleFixture.connector(env).connect(t).close());
    }

    @Test
    void latestVersionIsThePassword() throws Exception {
        Role r = role();
        String secret = grantedSecret("db");
        fx.google.secretVersion(secret, "an old password", FakeGoogle.State.ENABLED);
        fx.google.secretVersion(secret, r.password(), FakeGoogle.State.ENABLED);
        assertEquals(r.name(), login(target(r.name(), secret + "/versions/latest")));
        assertTrue(fx.google.calls().contains("secretmanager " + SA + " access " + secret + "/versions/2"), fx.google.calls().toString());
    }

    @Test
    void aNumberedVersionAndAJsonKey() throws Exception {
        Role r = role();
        String secret = grantedSecret("json");
        int v = fx.google.secretVersion(secret, "{\"username\":\"" + r.name() + "\",\"password\":\"" + r.password() + "\"}", FakeGoogle.State.ENABLED);
        fx.google.secretVersion(secret, "{}", FakeGoogle.State.ENABLED);
        assertEquals(r.name(), login(target(r.name(), secret + "/versions/" + v, "secret_json_key: password")));
    }

    @Test
    void withoutAccessTheErrorNamesThePermissionAndTheSecret() throws Exception {
        String secret = "projects/pgauth-test/secrets/not-granted" + N.incrementAndGet();
        fx.google.secretVersion(secret, "x", FakeGoogle.State.ENABLED);
        PgAuthException e = failure(target("nobody", secret + "/versions/latest"));
        assertEquals(FailureCategory.PERMISSION, e.category());
        assertTrue(e.problem().startsWith(SA + " may not access " + secret + "/versions/latest"), e.problem());
        assertTrue(e.fix().contains("secretmanager.versions.access on " + secret), e.fix());
    }

    @Test
    void missingDisabledAndDestroyedVersionsAreToldApart() throws Exception {
        String secret = grantedSecret("states");
        assertTrue(failure(target("nobody", secret + "/versions/latest")).problem().contains("does not exist"));
        int disabled = fx.google.secretVersion(secret, "x", FakeGoogle.State.DISABLED);
        int destroyed = fx.google.secretVersion(secret, "y", FakeGoogle.State.DESTROYED);
        PgAuthException d = failure(target("nobody", secret + "/versions/" + disabled));
        assertTrue(d.problem().contains("is a disabled version") && d.fix().contains("gcloud secrets versions enable"), d.getMessage());
        PgAuthException x = failure(target("nobody", secret + "/versions/" + destroyed));
        assertTrue(x.problem().contains("is a destroyed version") && x.fix().contains("gcloud secrets versions add"), x.getMessage());
        assertEquals(FailureCategory.CREDENTIAL, x.category());
        assertTrue(failure(target("nobody", secret + "/versions/9")).problem().contains("does not exist"));
    }

    @Test
    void aPayloadThatFailsItsChecksumIsNotUsed() throws Exception {
        Role r = role();
        String secret = grantedSecret("corrupt");
        fx.google.corruptSecretVersion(secret, r.password());
        PgAuthException e = failure(target(r.name(), secret + "/versions/latest"));
        assertTrue(e.problem().contains("does not match its CRC32C checksum"), e.problem());
    }

    @Test
    void anEndpointOverrideMustBeHttpsOffLoopback() throws Exception {
        Map<String, String> insecure = new java.util.HashMap<>(env);
        insecure.put(SecretManager.ENDPOINT_ENV, "http://secretmanager.example.com");
        String secret = grantedSecret("override");
        TargetSpec t = fx.target(insecure, sb.target("gsm", "nobody", "auth_method: secret_store", "secret_ref: " + secret + "/versions/latest"));
        PgAuthException e = assertThrows(PgAuthException.class, () -> GoogleFixture.connector(insecure).connect(t).close());
        assertTrue(e.problem().contains(SecretManager.ENDPOINT_ENV + " must be an https URL"), e.problem());
    }

    @Test
    void neitherThePasswordNorTheTokenIsDisclosed() throws Exception {
        Role r = role();
        String secret = grantedSecret("canary");
        fx.google.secretVersion(secret, "{\"password\":\"" + r.password() + "\"}", FakeGoogle.State.ENABLED);
        List<TargetSpec> targets = List.of(target(r.name(), secret + "/versions/latest", "secret_json_key: password"),
                target(r.name(), secret + "/versions/latest", "secret_json_key: pass"),
                target("nobody", secret + "/versions/latest"));
        try (Capture capture = new Capture()) {
            for (TargetSpec t : targets) {
                try {
                    login(t);
                } catch (PgAuthException e) {
                    capture.add(e);
                }
            }
            List<String> canaries = new ArrayList<>(fx.google.issuedTokens());
            canaries.add(r.password());
            capture.assertNoneOf(canaries);
        }
    }
}
