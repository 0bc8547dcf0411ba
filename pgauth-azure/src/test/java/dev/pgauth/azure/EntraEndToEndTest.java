package dev.pgauth.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgauth.FailureCategory;
import dev.pgauth.PgAuthException;
import dev.pgauth.config.TargetSpec;
import dev.pgauth.config.TargetsConfig;
import dev.pgauth.doctor.Doctor;
import dev.pgauth.doctor.Status;
import dev.pgauth.doctor.TargetReport;
import dev.pgauth.jdbc.JdbcRuntime;
import dev.pgauth.jdbc.PgAuthDataSource;
import dev.pgauth.testkit.Capture;
import dev.pgauth.testkit.TestFiles;
import dev.pgauth.testkit.azure.FakeAzure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * azure_entra end to end with the identities azure-identity reads from its configuration (a service
 * principal with a client secret; AKS workload identity with a federated token file), minting at
 * the fake Entra authority over TLS, checked by a Flexible Server-like gate, relayed to the real
 * PostgreSQL — through pgauth's connector, doctor and the JDBC driver.
 */
class EntraEndToEndTest {
    private static final String APP = "signals-app";
    private static final String WORKLOAD = "signals-aks";
    private static final String SECRET = "CANARYazsecret-0123456789";

    @TempDir
    static Path dir;
    static AzureFixture fx;
    static String appId;
    static String workloadId;

    @BeforeAll
    static void setUp() throws Exception {
        fx = new AzureFixture(dir);
        appId = fx.azure.appWithSecret(APP, SECRET);
        workloadId = fx.azure.appWithFederatedToken(WORKLOAD, "CANARYk8s-service-account-token");
        fx.gate.allow(APP);
        fx.gate.allow(WORKLOAD);
    }

    @AfterAll
    static void tearDown() throws Exception {
        fx.close();
    }

    @BeforeEach
    void fresh() {
        AzureFixture.reset();
    }

    private static String currentUser(Map<String, String> env, TargetSpec t) throws Exception {
        try (Connection c = AzureFixture.connector(env).connect(t);
             ResultSet rs = c.createStatement().executeQuery("select current_user, current_setting('default_transaction_read_only')")) {
            rs.next();
            assertEquals("on", rs.getString(2));
            return rs.getString(1);
        }
    }

    private static Map<String, String> workloadEnv() {
        Map<String, String> env = fx.env();
        env.put("AZURE_TENANT_ID", FakeAzure.TENANT);
        env.put("AZURE_CLIENT_ID", workloadId);
        env.put("AZURE_FEDERATED_TOKEN_FILE", TestFiles.secret(dir, "azure-identity-token", "CANARYk8s-service-account-token").toString());
        return env;
    }

    @Test
    void theGateAcceptsExactlyUnexpiredDatabaseTokensOfTheRolesPrincipal() throws Exception {
        java.time.Duration valid = java.time.Duration.ofMinutes(5);
        assertEquals(APP, fx.gate.currentUserWithPassword(APP, fx.azure.issue(APP, FakeAzure.DATABASE_AUDIENCE, valid)));
        Map<String, String> refused = Map.of(
                "token expired", fx.azure.issue(APP, FakeAzure.DATABASE_AUDIENCE, java.time.Duration.ofSeconds(-1)),
                "token is for audience " + FakeAzure.VAULT_AUDIENCE, fx.azure.issue(APP, FakeAzure.VAULT_AUDIENCE, valid),
                "token is for " + WORKLOAD + ", not " + APP, fx.azure.issue(WORKLOAD, FakeAzure.DATABASE_AUDIENCE, valid),
                "token not issued by Entra", "eyJmade.up.token");
        for (Map.Entry<String, String> e : refused.entrySet()) {
            java.sql.SQLException x = assertThrows(java.sql.SQLException.class, () -> fx.gate.currentUserWithPassword(APP, e.getValue()), e.getKey());
            assertEquals("28000", x.getSQLState());
            assertTrue(fx.gate.gate.rejections().contains(e.getKey()), e.getKey() + " in " + fx.gate.gate.rejections());
        }
    }

    @Test
    void theFakeManagedIdentityEndpointsWantTheirHeadersLikeTheRealOnes() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.URI imds = java.net.URI.create(fx.azure.imdsHost() + "/metadata/identity/oauth2/token?api-version=2018-02-01&resource=" + FakeAzure.DATABASE_AUDIENCE);
        var bare = http.send(java.net.http.HttpRequest.newBuilder(imds).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(400, bare.statusCode());
        assertTrue(bare.body().contains("Required metadata header not specified"), bare.body());
        java.net.URI appService = java.net.URI.create(fx.azure.appServiceEndpoint() + "?api-version=2019-08-01&resource=" + FakeAzure.DATABASE_AUDIENCE);
        var noHeader = http.send(java.net.http.HttpRequest.newBuilder(appService).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(401, noHeader.statusCode());
    }

    @Test
    void servicePrincipalFromTheEnvironmentLogsInAsItsName() throws Exception {
        Map<String, String> env = fx.servicePrincipal(appId, SECRET);
        assertEquals(APP, currentUser(env, fx.target(env, fx.gate.target("sp", APP))));
        assertTrue(fx.azure.calls().contains("entra " + APP + " secret https://ossrdbms-aad.database.windows.net"), fx.azure.calls().toString());

        TargetsConfig cfg = AzureFixture.load(env, dir, fx.gate.target("sp-doctor", APP));
        assertEquals(Status.OK, new Doctor(AzureFixture.connector(env), Clock.systemUTC(), 2).run(cfg, cfg.targets()).targets().get(0).status());
        Path config = TestFiles.secret(dir, "sp.yaml", "targets:\n" + fx.gate.target("sp-jdbc", APP));
        PgAuthDataSource ds = new PgAuthDataSource("jdbc:pgauth:sp-jdbc?pgauth.config=" + config, new JdbcRuntime(env, Clock.systemUTC()));
        try (Connection c = ds.getConnection(); ResultSet rs = c.createStatement().executeQuery("select current_user")) {
            rs.next();
            assertEquals(APP, rs.getString(1));
        }
    }

    @Test
    void workloadIdentityThroughTheJdbcDriverAndDoctor() throws Exception {
        Map<String, String> env = workloadEnv();
        Path config = TestFiles.secret(dir, "wi.yaml", "targets:\n" + fx.gate.target("aks", WORKLOAD));
        PgAuthDataSource ds = new PgAuthDataSource("jdbc:pgauth:aks?pgauth.config=" + config, new JdbcRuntime(env, Clock.systemUTC()));
        try (Connection c = ds.getConnection(); ResultSet rs = c.createStatement().executeQuery("select current_user")) {
            rs.next();
            assertEquals(WORKLOAD, rs.getString(1));
        }
        TargetsConfig cfg = AzureFixture.load(env, dir, fx.gate.target("aks-doctor", WORKLOAD));
        TargetReport r = new Doctor(AzureFixture.connector(env), Clock.systemUTC(), 2).run(cfg, cfg.targets()).targets().get(0);
        assertEquals(Status.OK, r.status(), r.toString());
        assertTrue(r.credentialSource().contains("workload identity " + workloadId), r.credentialSource());
    }

    @Test
    void aTokenForAnotherPrincipalIsRefusedWithTheMappingFix() throws Exception {
        Map<String, String> env = fx.servicePrincipal(appId, SECRET);
        TargetSpec t = fx.target(env, fx.gate.target("mismatch", WORKLOAD));
        PgAuthException e = assertThrows(PgAuthException.class, () -> AzureFixture.connector(env).connect(t).close());
        assertEquals(FailureCategory.AUTH_REJECTED, e.category());
        assertTrue(e.fix().contains("pgaadauth_create_principal('" + WORKLOAD + "', false, false)"), e.fix());
        assertTrue(e.fix().contains("equals the Entra principal's name"), e.fix());
        assertTrue(e.fix().contains("The token is for app " + appId), e.fix());
    }

    @Test
    void concurrentConnectsShareOneTokenAndARevokedOneIsReplacedOnce() throws Exception {
        Map<String, String> env = fx.servicePrincipal(appId, SECRET);
        TargetSpec t = fx.target(env, fx.gate.target("burst", APP));
        var connector = AzureFixture.connector(env);
        long before = fx.azure.calls().stream().filter(c -> c.startsWith("entra " + APP)).count();
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<String>> all = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                all.add(pool.submit(() -> {
                    try (Connection c = connector.connect(t)) {
                        return c.getMetaData().getUserName();
                    }
                }));
            }
            for (Future<String> f : all) {
                assertEquals(APP, f.get());
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(1, fx.azure.calls().stream().filter(c -> c.startsWith("entra " + APP)).count() - before);
        fx.azure.revokeIssued();
        connector.connect(t).close(); // refused once, then a really new token (not the library's cached one)
        assertEquals(2, fx.azure.calls().stream().filter(c -> c.startsWith("entra " + APP)).count() - before);
    }

    @Test
    void aWrongClientSecretIsEntrasErrorWithoutTheSecret() throws Exception {
        Map<String, String> env = fx.servicePrincipal(appId, "CANARYwrong-secret");
        TargetSpec t = fx.target(env, fx.gate.target("bad-secret", APP));
        PgAuthException e = assertThrows(PgAuthException.class, () -> AzureFixture.connector(env).connect(t).close());
        assertEquals(FailureCategory.CREDENTIAL, e.category());
        assertTrue(e.getMessage().contains("AADSTS7000215"), e.getMessage());
        assertFalse(e.getMessage().contains("CANARY"));
    }

    @Test
    void noIdentityNamesEverySourceTried() throws Exception {
        Map<String, String> env = fx.env();
        TargetSpec t = fx.target(env, fx.gate.target("nobody", APP));
        PgAuthException e = assertThrows(PgAuthException.class, () -> AzureFixture.connector(env).connect(t).close());
        assertEquals(FailureCategory.CREDENTIAL, e.category(), e.getMessage());
        assertTrue(e.problem().startsWith("no Azure identity found for Azure Database for PostgreSQL; tried environment (AZURE_CLIENT_SECRET"), e.problem());
        assertTrue(e.problem().contains("workload identity (AZURE_FEDERATED_TOKEN_FILE not set)"), e.problem());
        assertTrue(e.problem().contains("managed identity (the system-assigned (or only) managed identity, instance metadata " + fx.closedPort + " did not answer)"),
                e.problem());
        assertTrue(e.fix().contains("set azure_client_id") && e.fix().contains("az login"), e.fix());
    }

    @Test
    void noTokenNorSecretIsDisclosedEvenAtFinestLogging() throws Exception {
        Map<String, String> env = fx.servicePrincipal(appId, SECRET);
        Map<String, String> wi = workloadEnv();
        TargetsConfig config = AzureFixture.load(env, dir, fx.gate.target("ok", APP), fx.gate.target("refused", WORKLOAD));
        try (Capture capture = new Capture()) {
            var report = new Doctor(AzureFixture.connector(env), Clock.systemUTC(), 2).run(config, config.targets());
            capture.add(report);
            report.targets().forEach(capture::add);
            try {
                AzureFixture.connector(wi).connect(fx.target(wi, fx.gate.target("wi", APP))).close();
            } catch (PgAuthException e) {
                capture.add(e);
            }
            List<String> canaries = new ArrayList<>(fx.azure.issuedTokens());
            canaries.add(SECRET);
            canaries.add("CANARYk8s-service-account-token");
            assertFalse(fx.azure.issuedTokens().isEmpty());
            capture.assertNoneOf(canaries);
        }
        assertTrue(Files.exists(dir));
    }
}
