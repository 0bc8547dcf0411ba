package dev.pgauth.gcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgauth.FailureCategory;
import dev.pgauth.PgAuthException;
import dev.pgauth.config.ConfigException;
import dev.pgauth.config.TargetSpec;
import dev.pgauth.config.TargetsConfig;
import dev.pgauth.doctor.Doctor;
import dev.pgauth.doctor.Status;
import dev.pgauth.doctor.TargetReport;
import dev.pgauth.testkit.Capture;
import dev.pgauth.testkit.gcp.FakeGoogle;
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
 * gcp_cloudsql_iam end to end: each ADC source the library reads from a file (service-account key,
 * gcloud user, workload identity federation) and impersonation, minting tokens at the fake Google
 * endpoints, checked by a Cloud SQL-like gate, relayed to the real PostgreSQL. The metadata
 * server (an environment-only source) is covered by the CLI's child-process test.
 */
class CloudSqlIamEndToEndTest {
    private static final String SA = "collector@pgauth-test.iam.gserviceaccount.com";
    private static final String TARGET_SA = "reader@pgauth-test.iam.gserviceaccount.com";
    private static final String USER = "dev@example.com";

    @TempDir
    static Path dir;
    static GoogleFixture fx;
    static FakeGoogle.ServiceAccount collector;
    static FakeGoogle.ServiceAccount reader;

    @BeforeAll
    static void setUp() throws Exception {
        fx = new GoogleFixture(dir);
        collector = fx.google.serviceAccount(SA);
        reader = fx.google.serviceAccount(TARGET_SA);
        fx.gate.allow(collector.databaseUser());
        fx.gate.allow(reader.databaseUser());
        fx.gate.allow(USER);
    }

    @AfterAll
    static void tearDown() throws Exception {
        fx.close();
    }

    @BeforeEach
    void freshTokens() {
        GoogleIdentities.forgetAll();
        CloudSqlIamProvider.forgetTokens();
    }

    private static String currentUser(Map<String, String> env, TargetSpec t) throws Exception {
        try (Connection c = GoogleFixture.connector(env).connect(t);
             ResultSet rs = c.createStatement().executeQuery("select current_user, current_setting('default_transaction_read_only')")) {
            rs.next();
            assertEquals("on", rs.getString(2));
            return rs.getString(1);
        }
    }

    /** The same identity through doctor (healthy) and through the JDBC driver (logs in as {@code user}). */
    private static void assertDoctorAndJdbc(Map<String, String> env, String name, String user, String... extra) throws Exception {
        TargetsConfig config = GoogleFixture.load(env, dir, fx.gate.target(name, user, extra));
        TargetReport r = new Doctor(GoogleFixture.connector(env), Clock.systemUTC(), 2).run(config, config.targets()).targets().get(0);
        assertEquals(Status.OK, r.status(), r.toString());
        java.nio.file.Path file = dev.pgauth.testkit.TestFiles.secret(dir, name + ".yaml", "targets:\n" + fx.gate.target(name, user, extra));
        var ds = new dev.pgauth.jdbc.PgAuthDataSource("jdbc:pgauth:" + name + "?pgauth.config=" + file, new dev.pgauth.jdbc.JdbcRuntime(env, Clock.systemUTC()));
        try (Connection c = ds.getConnection(); ResultSet rs = c.createStatement().executeQuery("select current_user")) {
            rs.next();
            assertEquals(user, rs.getString(1));
        }
    }

    private static long calls(String prefix) {
        return fx.google.calls().stream().filter(c -> c.startsWith(prefix)).count();
    }

    @Test
    void theGateAcceptsExactlyUnexpiredSqlLoginTokensOfTheUsersPrincipal() throws Exception {
        String user = collector.databaseUser();
        assertEquals(user, fx.gate.currentUserWithPassword(user, fx.google.issue(SA, java.util.Set.of(FakeGoogle.SQL_LOGIN), java.time.Duration.ofMinutes(5))));
        Map<String, String> refused = Map.of(
                "token expired", fx.google.issue(SA, java.util.Set.of(FakeGoogle.SQL_LOGIN), java.time.Duration.ofSeconds(-1)),
                "token lacks the sqlservice.login scope", fx.google.issue(SA, java.util.Set.of(FakeGoogle.CLOUD_PLATFORM), java.time.Duration.ofMinutes(5)),
                "token is for " + reader.databaseUser() + ", not " + user, fx.google.issue(TARGET_SA, java.util.Set.of(FakeGoogle.SQL_LOGIN), java.time.Duration.ofMinutes(5)),
                "token not issued by Google", "ya29.made-up");
        for (Map.Entry<String, String> e : refused.entrySet()) {
            java.sql.SQLException x = assertThrows(java.sql.SQLException.class, () -> fx.gate.currentUserWithPassword(user, e.getValue()), e.getKey());
            assertEquals("28000", x.getSQLState());
            assertTrue(x.getMessage().contains("Cloud SQL IAM service account authentication failed for user \"" + user + "\""), x.getMessage());
            assertTrue(fx.gate.gate.rejections().contains(e.getKey()), e.getKey() + " in " + fx.gate.gate.rejections());
        }
    }

    @Test
    void theFakeMetadataServerWantsItsFlavorHeaderLikeTheRealOne() throws Exception {
        fx.google.metadataServiceAccount(SA);
        java.net.URI uri = java.net.URI.create(fx.google.endpoint() + "/computeMetadata/v1/instance/service-accounts/default/token");
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        var bare = http.send(java.net.http.HttpRequest.newBuilder(uri).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(403, bare.statusCode());
        var flavored = http.send(java.net.http.HttpRequest.newBuilder(uri).header("Metadata-Flavor", "Google").build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, flavored.statusCode());
        assertEquals("Google", flavored.headers().firstValue("Metadata-Flavor").orElse(""));
    }

    @Test
    void serviceAccountKeyLogsInAsItsDatabaseUser() throws Exception {
        Map<String, String> env = fx.env(fx.google.keyFile(collector));
        TargetSpec t = fx.target(env, fx.gate.target("sa", collector.databaseUser()));
        assertEquals(collector.databaseUser(), currentUser(env, t));
        assertDoctorAndJdbc(env, "sa-both", collector.databaseUser());
    }

    @Test
    void doctorAndTheJdbcDriverWithAnImpersonatedIdentity() throws Exception {
        FakeGoogle.ServiceAccount jdbc = fx.google.serviceAccount("jdbc-reader@pgauth-test.iam.gserviceaccount.com");
        fx.gate.allow(jdbc.databaseUser());
        fx.google.grantTokenCreator(SA, jdbc.email());
        assertDoctorAndJdbc(fx.env(fx.google.keyFile(collector)), "imp-both", jdbc.databaseUser(), "gcp_impersonate_service_account: " + jdbc.email());
    }

    @Test
    void doctorThroughTheGateNamesTheServiceAccount() throws Exception {
        Map<String, String> env = fx.env(fx.google.keyFile(collector));
        TargetsConfig config = GoogleFixture.load(env, dir, fx.gate.target("doc", collector.databaseUser()));
        TargetReport r = new Doctor(GoogleFixture.connector(env), Clock.systemUTC(), 2).run(config, config.targets()).targets().get(0);
        assertEquals(Status.OK, r.status(), r.toString());
        assertTrue(r.credentialSource().contains(SA), r.credentialSource());
    }

    @Test
    void gcloudUserCredentialsLogInAsTheUser() throws Exception {
        Map<String, String> env = fx.env(fx.google.authorizedUserFile(USER, FakeGoogle.CLOUD_PLATFORM, FakeGoogle.SQL_LOGIN));
        assertEquals(USER, currentUser(env, fx.target(env, fx.gate.target("user", USER))));
        assertDoctorAndJdbc(env, "user-both", USER);
    }

    @Test
    void workloadIdentityFederationImpersonatesItsServiceAccount() throws Exception {
        Path subject = dir.resolve("oidc-token");
        java.nio.file.Files.writeString(subject, "ci-oidc-token-1");
        Map<String, String> env = fx.env(fx.google.externalAccountFile(subject.toString(), "ci-oidc-token-1", reader));
        assertEquals(reader.databaseUser(), currentUser(env, fx.target(env, fx.gate.target("wif", reader.databaseUser()))));
        assertEquals(1, calls("sts principal:"), fx.google.calls().toString());
        assertDoctorAndJdbc(env, "wif-both", reader.databaseUser());
    }

    @Test
    void impersonationNeedsTokenCreatorAndThenLogsInAsTheTarget() throws Exception {
        Map<String, String> env = fx.env(fx.google.keyFile(collector));
        TargetSpec t = fx.target(env, fx.gate.target("imp", reader.databaseUser(), "gcp_impersonate_service_account: " + TARGET_SA));
        PgAuthException denied = assertThrows(PgAuthException.class, () -> GoogleFixture.connector(env).connect(t).close());
        assertEquals(FailureCategory.PERMISSION, denied.category(), denied.getMessage());
        assertTrue(denied.fix().contains("roles/iam.serviceAccountTokenCreator on " + TARGET_SA), denied.fix());
        assertTrue(denied.problem().contains(SA + " (from GOOGLE_APPLICATION_CREDENTIALS"), denied.problem());

        fx.google.grantTokenCreator(SA, TARGET_SA);
        assertEquals(reader.databaseUser(), currentUser(env, t));
        assertTrue(fx.google.calls().contains("iamcredentials " + SA + " as " + TARGET_SA), fx.google.calls().toString());
    }

    @Test
    void aTokenForAnotherPrincipalIsRefusedWithTheNameRule() throws Exception {
        Map<String, String> env = fx.env(fx.google.keyFile(collector));
        TargetSpec t = fx.target(env, fx.gate.target("wrong-user", reader.databaseUser()));
        PgAuthException e = assertThrows(PgAuthException.class, () -> GoogleFixture.connector(env).connect(t).close());
        assertEquals(FailureCategory.AUTH_REJECTED, e.category(), e.getMessage());
        assertTrue(e.fix().contains("pgauth's identity is " + SA + ", whose database user is \"" + collector.databaseUser() + "\""), e.fix());
        assertTrue(e.fix().contains("roles/cloudsql.instanceUser"), e.fix());
        assertTrue(e.getMessage().contains("Cloud SQL IAM service account authentication failed"), e.getMessage());
    }

    @Test
    void concurrentConnectsShareOneTokenAndARevokedReusedTokenIsReplacedOnce() throws Exception {
        Map<String, String> env = fx.env(fx.google.keyFile(collector));
        TargetSpec t = fx.target(env, fx.gate.target("burst", collector.databaseUser()));
        var connector = GoogleFixture.connector(env);
        long before = calls("oauth " + SA);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                results.add(pool.submit(() -> {
                    try (Connection c = connector.connect(t)) {
                        return c.getMetaData().getUserName();
                    }
                }));
            }
            for (Future<String> f : results) {
                assertEquals(collector.databaseUser(), f.get());
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(1, calls("oauth " + SA) - before, "one token for 32 connects");

        fx.google.revokeIssued();
        connector.connect(t).close(); // the reused token is refused once, a fresh one logs in
        assertEquals(2, calls("oauth " + SA) - before);
    }

    @Test
    void noIdentityNamesTheSourcesTried() throws Exception {
        Map<String, String> env = fx.env("{}");
        env.put("GOOGLE_APPLICATION_CREDENTIALS", dir.resolve("missing.json").toString());
        TargetSpec t = fx.target(env, fx.gate.target("missing", collector.databaseUser()));
        PgAuthException e = assertThrows(PgAuthException.class, () -> GoogleFixture.connector(env).connect(t).close());
        assertEquals(FailureCategory.CREDENTIAL, e.category());
        assertTrue(e.problem().contains("GOOGLE_APPLICATION_CREDENTIALS names " + dir.resolve("missing.json") + ", which does not exist"), e.problem());

        assertTrue(GoogleErrors.sourcesTried().contains("GOOGLE_APPLICATION_CREDENTIALS (not set); the gcloud ADC file"), GoogleErrors.sourcesTried());
    }

    @Test
    void aDeletedKeyIsRefusedByGoogleAndSaysWhatToDo() throws Exception {
        FakeGoogle.ServiceAccount deleted = new FakeGoogle.ServiceAccount(SA, "0123456789abcdef", collector.keys());
        Map<String, String> env = fx.env(fx.google.keyFile(deleted));
        TargetSpec t = fx.target(env, fx.gate.target("deleted", collector.databaseUser()));
        PgAuthException e = assertThrows(PgAuthException.class, () -> GoogleFixture.connector(env).connect(t).close());
        assertEquals(FailureCategory.CREDENTIAL, e.category());
        assertTrue(e.problem().contains("invalid_grant"), e.problem());
        assertTrue(e.fix().contains("create a new service-account key"), e.fix());
    }

    @Test
    void aServiceAccountEmailAsUserIsAStartupErrorShowingTheRightName() {
        Map<String, String> env = fx.env(fx.google.keyFile(collector));
        ConfigException e = assertThrows(ConfigException.class, () -> fx.target(env, fx.gate.target("email", SA)));
        assertTrue(e.getMessage().contains("Set user: \"" + collector.databaseUser() + "\""), e.getMessage());
    }

    @Test
    void noTokenOrKeyIsDisclosedEvenAtFinestLogging() throws Exception {
        String keyFile = fx.google.keyFile(collector);
        String privateKeyLine = keyFile.split("\\\\n")[1];
        Map<String, String> env = fx.env(keyFile);
        TargetsConfig config = GoogleFixture.load(env, dir, fx.gate.target("ok", collector.databaseUser()),
                fx.gate.target("bad", reader.databaseUser()), fx.gate.target("imp", reader.databaseUser(), "gcp_impersonate_service_account: nobody@pgauth-test.iam.gserviceaccount.com"));
        try (Capture capture = new Capture()) {
            var report = new Doctor(GoogleFixture.connector(env), Clock.systemUTC(), 2).run(config, config.targets());
            capture.add(report);
            report.targets().forEach(capture::add);
            for (TargetSpec t : config.targets()) {
                try {
                    GoogleFixture.connector(env).connect(t).close();
                } catch (PgAuthException e) {
                    capture.add(e);
                }
            }
            List<String> canaries = new ArrayList<>(fx.google.issuedTokens());
            canaries.add(privateKeyLine);
            assertFalse(fx.google.issuedTokens().isEmpty());
            capture.assertNoneOf(canaries);
        }
    }
}
