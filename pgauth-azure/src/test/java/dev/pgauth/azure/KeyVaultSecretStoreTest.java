package dev.pgauth.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgauth.FailureCategory;
import dev.pgauth.PgAuthException;
import dev.pgauth.config.SecretRef;
import dev.pgauth.config.TargetSpec;
import dev.pgauth.testkit.Capture;
import dev.pgauth.testkit.SandboxTargets;
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

/** secret_store with a Key Vault secret URL: the fetched password gives a real SCRAM login to the sandbox. */
class KeyVaultSecretStoreTest {
    private static final String APP = "vault-reader";
    private static final String VAULT = "https://pgauth-test.vault.azure.net";
    private static final AtomicInteger N = new AtomicInteger();

    @TempDir
    static Path dir;
    static AzureFixture fx;
    static SandboxTargets sb;
    static Map<String, String> env;

    @BeforeAll
    static void setUp() throws Exception {
        fx = new AzureFixture(dir);
        sb = new SandboxTargets(dir);
        env = fx.servicePrincipal(fx.azure.appWithSecret(APP, "vault-reader-secret"), "vault-reader-secret");
    }

    @AfterAll
    static void tearDown() throws Exception {
        fx.close();
    }

    private record Role(String name, String password) {
    }

    private static Role role() {
        String password = "CANARYkv" + UUID.randomUUID().toString().replace("-", "");
        return new Role(sb.passwordRole(password, true), password);
    }

    private static String granted(String prefix) {
        String name = prefix + "-" + N.incrementAndGet();
        fx.azure.grantSecretsUser(APP, name);
        return name;
    }

    private static TargetSpec target(String user, String ref, String... extra) throws Exception {
        List<String> lines = new ArrayList<>(List.of("auth_method: secret_store", "secret_ref: " + ref));
        lines.addAll(List.of(extra));
        return fx.target(env, sb.target("kv", user, lines.toArray(String[]::new)));
    }

    private static String login(TargetSpec t) throws Exception {
        try (Connection c = AzureFixture.connector(env).connect(t); ResultSet rs = c.createStatement().executeQuery("select current_user")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static PgAuthException failure(TargetSpec t) {
        return assertThrows(PgAuthException.class, () -> AzureFixture.connector(env).connect(t).close());
    }

    @Test
    void theSecretIsThePassword() throws Exception {
        Role r = role();
        String name = granted("db");
        fx.azure.secret(name, r.password(), true);
        assertEquals(r.name(), login(target(r.name(), VAULT + "/secrets/" + name)));
        assertTrue(fx.azure.calls().contains("keyvault " + APP + " get " + name), fx.azure.calls().toString());
        assertTrue(fx.azure.calls().contains("entra " + APP + " secret https://vault.azure.net"), "a token for the vault audience");
    }

    @Test
    void aVersionAndAJsonKey() throws Exception {
        Role r = role();
        String name = granted("json");
        fx.azure.secret(name, "{}", true);
        String version = fx.azure.secretVersion(name, "{\"user\":\"x\",\"password\":\"" + r.password() + "\"}", true);
        assertEquals(r.name(), login(target(r.name(), VAULT + "/secrets/" + name + "/" + version, "secret_json_key: password")));
    }

    @Test
    void forbiddenMissingAndDisabledAreToldApart() throws Exception {
        String notGranted = "other-" + N.incrementAndGet();
        fx.azure.secret(notGranted, "x", true);
        PgAuthException forbidden = failure(target("nobody", VAULT + "/secrets/" + notGranted));
        assertEquals(FailureCategory.PERMISSION, forbidden.category());
        assertTrue(forbidden.fix().contains("\"Key Vault Secrets User\" role on that secret"), forbidden.fix());
        assertTrue(forbidden.problem().startsWith("app "), forbidden.problem());

        String missing = granted("missing");
        PgAuthException notFound = failure(target("nobody", VAULT + "/secrets/" + missing));
        assertTrue(notFound.problem().contains("does not exist (SecretNotFound)"), notFound.problem());

        String disabled = granted("disabled");
        fx.azure.secret(disabled, "x", false);
        PgAuthException off = failure(target("nobody", VAULT + "/secrets/" + disabled));
        assertEquals(FailureCategory.CREDENTIAL, off.category());
        assertTrue(off.problem().contains("is disabled"), off.problem());
    }

    @Test
    void sovereignVaultsGetTheirOwnAudience() {
        assertEquals("https://vault.azure.cn/.default", KeyVaultSecrets.scope((SecretRef.AzureKeyVault) SecretRef.parse("https://kv1.vault.azure.cn/secrets/db").orElseThrow()));
        assertEquals("https://vault.usgovcloudapi.net/.default",
                KeyVaultSecrets.scope((SecretRef.AzureKeyVault) SecretRef.parse("https://kv1.vault.usgovcloudapi.net/secrets/db").orElseThrow()));
        assertEquals("https://vault.azure.net/.default", KeyVaultSecrets.scope((SecretRef.AzureKeyVault) SecretRef.parse(VAULT + "/secrets/db").orElseThrow()));
    }

    @Test
    void anUnreachableVaultIsANetworkProblemNamedAsSuch() throws Exception {
        Map<String, String> dead = new java.util.HashMap<>(env);
        dead.put(KeyVaultSecrets.ENDPOINT_ENV, fx.closedPort);
        TargetSpec t = fx.target(dead, sb.target("kv", "nobody", "auth_method: secret_store", "secret_ref: " + VAULT + "/secrets/x"));
        PgAuthException e = assertThrows(PgAuthException.class, () -> AzureFixture.connector(dead).connect(t).close());
        assertTrue(e.problem().startsWith("could not reach Key Vault at " + fx.closedPort), e.problem());
    }

    @Test
    void neitherThePasswordNorTheTokenIsDisclosed() throws Exception {
        Role r = role();
        String name = granted("canary");
        fx.azure.secret(name, "{\"password\":\"" + r.password() + "\"}", true);
        List<TargetSpec> targets = List.of(target(r.name(), VAULT + "/secrets/" + name, "secret_json_key: password"),
                target(r.name(), VAULT + "/secrets/" + name, "secret_json_key: pass"), target("nobody", VAULT + "/secrets/" + name));
        try (Capture capture = new Capture()) {
            for (TargetSpec t : targets) {
                try {
                    login(t);
                } catch (PgAuthException e) {
                    capture.add(e);
                }
            }
            List<String> canaries = new ArrayList<>(fx.azure.issuedTokens());
            canaries.add(r.password());
            capture.assertNoneOf(canaries);
        }
    }
}
