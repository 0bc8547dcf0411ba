package dev.pgauth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgauth.testkit.Capture;
import dev.pgauth.testkit.SandboxTargets;
import dev.pgauth.testkit.TestFiles;
import dev.pgauth.testkit.azure.EntraTokenCheck;
import dev.pgauth.testkit.azure.FakeAzure;
import dev.pgauth.testkit.gate.GatedSandbox;
import dev.pgauth.testkit.http.LoopbackTls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI with azure_entra and Key Vault targets. Managed identity is read by the library from the
 * real process environment (instance metadata via AZURE_POD_IDENTITY_AUTHORITY_HOST, App Service
 * via IDENTITY_ENDPOINT/IDENTITY_HEADER), so those run the CLI as a child process.
 */
class CliAzureTest {
    private static final String MI_A = "signals-mi-a";
    private static final String MI_B = "signals-mi-b";
    private static final String APP = "signals-cli-app";

    @TempDir
    static Path dir;
    static FakeAzure azure;
    static GatedSandbox gate;
    static String clientA;
    static String appId;

    @BeforeAll
    static void setUp() throws Exception {
        LoopbackTls.trustSandboxCaByDefault();
        azure = new FakeAzure(Clock.systemUTC());
        gate = new GatedSandbox(new EntraTokenCheck(azure), "azure_entra");
        clientA = azure.userAssignedIdentity(MI_A);
        azure.userAssignedIdentity(MI_B);
        appId = azure.appWithSecret(APP, "cli-app-secret");
        gate.allow(MI_A);
        gate.allow(APP);
    }

    @AfterAll
    static void tearDown() throws Exception {
        gate.close();
        azure.close();
    }

    /** The CLI in a child JVM with exactly this Azure environment (and no Azure CLI profile). */
    private static Cli.Result child(Map<String, String> env, String... args) throws Exception {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("HOME", dir.resolve("home").toString());
        return Cli.child(List.of("AZURE_", "IDENTITY_", "MSI_"), all, args);
    }

    private static Path config(String name, String user, String... extra) {
        return TestFiles.secret(dir, name + ".yaml", "targets:\n" + gate.target(name, user, extra));
    }

    /** Child processes need the sandbox CA for nothing but the gate, which pgauth verifies with sslrootcert_file. */
    private static Map<String, String> imds() {
        return Map.of("AZURE_POD_IDENTITY_AUTHORITY_HOST", azure.imdsHost());
    }

    @Test
    void severalManagedIdentitiesNeedAzureClientIdAndThenLogIn() throws Exception {
        Cli.Result ambiguous = child(imds(), "doctor", "--config", config("mi-ambiguous", MI_A).toString());
        assertEquals(1, ambiguous.exit(), ambiguous.out() + ambiguous.err());
        assertTrue(ambiguous.out().contains("several user-assigned managed identities"), ambiguous.out());
        assertTrue(ambiguous.out().contains("Set azure_client_id"), ambiguous.out());

        Cli.Result pinned = child(imds(), "doctor", "--config", config("mi-pinned", MI_A, "azure_client_id: " + clientA).toString());
        assertEquals(0, pinned.exit(), pinned.out() + pinned.err());
        assertTrue(azure.calls().contains("imds " + MI_A + " https://ossrdbms-aad.database.windows.net"), azure.calls().toString());

        Map<String, String> env = new java.util.HashMap<>(imds());
        env.put("HOME", dir.resolve("home").toString());
        Cli.Result jdbc = Cli.childJava(JdbcChild.class, List.of("AZURE_", "IDENTITY_", "MSI_"), env,
                "jdbc:pgauth:mi-pinned?pgauth.config=" + config("mi-pinned", MI_A, "azure_client_id: " + clientA));
        assertEquals(0, jdbc.exit(), jdbc.err());
        assertEquals(MI_A, jdbc.out().strip());
    }

    @Test
    void appServiceIdentityEndpointWithItsHeader() throws Exception {
        Map<String, String> env = Map.of("IDENTITY_ENDPOINT", azure.appServiceEndpoint(), "IDENTITY_HEADER", azure.identityHeader(),
                "AZURE_POD_IDENTITY_AUTHORITY_HOST", azure.imdsHost());
        Cli.Result r = child(env, "doctor", "--config", config("appservice", MI_A, "azure_client_id: " + clientA).toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(azure.calls().contains("appservice " + MI_A + " https://ossrdbms-aad.database.windows.net"), azure.calls().toString());
        Map<String, String> jdbcEnv = new java.util.HashMap<>(env);
        jdbcEnv.put("HOME", dir.resolve("home").toString());
        Cli.Result jdbc = Cli.childJava(JdbcChild.class, List.of("AZURE_", "IDENTITY_", "MSI_"), jdbcEnv,
                "jdbc:pgauth:appservice?pgauth.config=" + config("appservice", MI_A, "azure_client_id: " + clientA));
        assertEquals(0, jdbc.exit(), jdbc.err());
        assertEquals(MI_A, jdbc.out().strip());

        Map<String, String> wrong = Map.of("IDENTITY_ENDPOINT", azure.appServiceEndpoint(), "IDENTITY_HEADER", "not-the-header",
                "AZURE_POD_IDENTITY_AUTHORITY_HOST", azure.imdsHost());
        Cli.Result refused = child(wrong, "doctor", "--config", config("appservice-wrong", MI_A, "azure_client_id: " + clientA).toString());
        assertEquals(1, refused.exit(), refused.out());
        assertTrue(azure.calls().contains("appservice refused: X-IDENTITY-HEADER"), azure.calls().toString());
        assertFalse(refused.out().contains("not-the-header"), refused.out());
    }

    private static Cli servicePrincipalCli() {
        Cli cli = new Cli(dir);
        cli.env.put("AZURE_TENANT_ID", FakeAzure.TENANT);
        cli.env.put("AZURE_CLIENT_ID", appId);
        cli.env.put("AZURE_CLIENT_SECRET", "cli-app-secret");
        cli.env.put("AZURE_AUTHORITY_HOST", azure.authorityHost());
        cli.env.put("AZURE_POD_IDENTITY_AUTHORITY_HOST", "http://127.0.0.1:9");
        return cli;
    }

    @Test
    void tokenPrintsATokenTheServerAccepts() {
        Cli.Result r = servicePrincipalCli().run("token", "--config", config("token", APP).toString(), "--target", "token");
        assertEquals(0, r.exit(), r.all());
        assertEquals(Optional.empty(), new EntraTokenCheck(azure).reject(r.out().strip(), APP));
        assertTrue(r.err().isEmpty(), r.err());
    }

    @Test
    void psqlGetsTheTokenInItsEnvironment() throws Exception {
        Path out = dir.resolve("psql-azure.txt");
        Path fakePsql = TestFiles.write(dir, "fake-psql-azure", "#!/bin/sh\nenv | grep '^PG' | sort > " + out + "\n", "rwx------");
        Cli.Result r = servicePrincipalCli().run("psql", "--config", config("psql", APP).toString(), "--target", "psql", "--psql", fakePsql.toString());
        assertEquals(0, r.exit(), r.all());
        String password = Files.readString(out).lines().filter(l -> l.startsWith("PGPASSWORD=")).findFirst().orElseThrow().substring(11);
        assertEquals(Optional.empty(), new EntraTokenCheck(azure).reject(password, APP));
    }

    @Test
    void verboseDoctorDisclosesNoTokenNorSecret() {
        Cli cli = servicePrincipalCli();
        cli.env.put("PGAUTH_AZURE_KEY_VAULT_ENDPOINT", azure.vaultEndpoint());
        azure.grantSecretsUser(APP, "canary-db");
        azure.secret("canary-db", "CANARYkv-never-printed", true);
        SandboxTargets sb = new SandboxTargets(dir);
        Path cfg = TestFiles.secret(dir, "canary-azure.yaml", "targets:\n" + gate.target("ok", APP) + gate.target("wrong-user", MI_A)
                + sb.target("kv", "nobody", "auth_method: secret_store", "secret_ref: https://prod-kv.vault.azure.net/secrets/canary-db"));
        try (Capture capture = new Capture()) {
            Cli.Result r = cli.run("doctor", "--verbose", "--config", cfg.toString());
            capture.add(r.out());
            capture.add(r.err());
            List<String> canaries = new ArrayList<>(azure.issuedTokens());
            canaries.add("cli-app-secret");
            canaries.add("CANARYkv-never-printed");
            capture.assertNoneOf(canaries);
            assertTrue(capture.text().contains("org.postgresql"), "verbose logging was on and scanned");
            assertTrue(r.out().contains("1 ok"), r.out());
            assertFalse(azure.issuedTokens().isEmpty());
        }
    }

    @Test
    void setupPrintsTheMappingSqlAndTheVaultRoleAssignment() {
        SandboxTargets sb = new SandboxTargets(dir);
        Path cfg = TestFiles.secret(dir, "setup-azure.yaml", "targets:\n" + gate.target("flex", MI_A, "azure_client_id: " + clientA)
                + sb.target("kv", "app", "auth_method: secret_store", "secret_ref: https://prod-kv.vault.azure.net/secrets/signals-db"));
        Cli.Result flex = new Cli(dir).run("setup", "--config", cfg.toString(), "--target", "flex");
        assertEquals(0, flex.exit(), flex.all());
        assertTrue(flex.out().contains("SELECT * FROM pgaadauth_create_principal('" + MI_A + "', false, false);"), flex.out());
        assertTrue(flex.out().contains("GRANT pg_monitor TO \"" + MI_A + "\";"), flex.out());
        assertTrue(flex.out().contains("must equal the Entra"), flex.out());
        Cli.Result kv = new Cli(dir).run("setup", "--config", cfg.toString(), "--target", "kv");
        assertEquals(0, kv.exit(), kv.all());
        assertTrue(kv.out().contains("az role assignment create --role \"Key Vault Secrets User\" --assignee <principal-id> --scope \"$(az keyvault show --name prod-kv"
                + " --query id -o tsv)/secrets/signals-db\""), kv.out());
    }
}
