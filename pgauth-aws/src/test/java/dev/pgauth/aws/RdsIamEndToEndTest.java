package dev.pgauth.aws;

import dev.pgauth.testkit.gate.SandboxGate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgauth.FailureCategory;
import dev.pgauth.PgAuthException;
import dev.pgauth.config.ConfigException;
import dev.pgauth.config.ConfigLoader;
import dev.pgauth.config.TargetSpec;
import dev.pgauth.config.TargetsConfig;
import dev.pgauth.connect.Connector;
import dev.pgauth.credential.CredentialEvent;
import dev.pgauth.credential.CredentialEvents;
import dev.pgauth.credential.CredentialProviders;
import dev.pgauth.doctor.Doctor;
import dev.pgauth.doctor.DoctorReport;
import dev.pgauth.doctor.Status;
import dev.pgauth.doctor.TargetReport;
import dev.pgauth.sandbox.Sandbox;
import dev.pgauth.testkit.Capture;
import dev.pgauth.testkit.gate.IssuedKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * aws_rds_iam end to end: the SDK's default chain (system-property keys here), tokens signed for
 * the RDS endpoint while connecting to a local gate (iam_host), verified by the gate's independent
 * SigV4 check, relayed to the real PostgreSQL. No traffic leaves 127.0.0.1: instance metadata is
 * disabled and the shared AWS files point at an empty directory.
 */
class RdsIamEndToEndTest {
    private static final String ACCESS_KEY = "AKIAPGAUTHTEST000001";
    private static final String SECRET = "CANARYsecret" + UUID.randomUUID().toString().replace("-", "");
    private static final String ROLE = "iam_app";

    static SandboxGate fx;
    @TempDir
    static Path dir;

    @BeforeAll
    static void setUp() throws Exception {
        AwsSystemProperties.isolate(dir, null);
        System.setProperty("aws.accessKeyId", ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", SECRET);
        fx = new SandboxGate(ACCESS_KEY, SECRET);
        fx.allow(ROLE);
    }

    @AfterAll
    static void tearDown() throws Exception {
        fx.close();
        AwsSystemProperties.clear();
    }

    private static TargetsConfig load(String... targets) throws ConfigException {
        CredentialProviders providers = CredentialProviders.discover(Map.of());
        return new ConfigLoader(Map.of(), List.of(providers.availabilityRule())).parse("env: prod\ntargets:\n" + String.join("", targets), dir.resolve("pgauth.yaml"));
    }

    private static Connector connector() {
        return new Connector(CredentialProviders.discover(Map.of()), Map.of(), Clock.systemUTC());
    }

    private static String tunnelled(String name) {
        return fx.target(name, ROLE, "iam_host: " + SandboxGate.RDS_HOST, "iam_port: " + SandboxGate.RDS_PORT);
    }

    @Test
    void connectsThroughTheGateWithATokenSignedForTheRdsEndpoint() throws Exception {
        TargetSpec t = load(tunnelled("rds")).targets().get(0);
        try (Connection c = connector().connect(t);
             ResultSet rs = c.createStatement().executeQuery("select current_user, current_setting('default_transaction_read_only')")) {
            rs.next();
            assertEquals(ROLE, rs.getString(1));
            assertEquals("on", rs.getString(2));
        }
    }

    @Test
    void doctorReportsTheTargetHealthyAndWhereTheRegionCameFrom() throws Exception {
        TargetsConfig config = load(tunnelled("rds-doctor"));
        DoctorReport report = new Doctor(connector(), Clock.systemUTC(), 4).run(config, config.targets());
        TargetReport r = report.targets().get(0);
        assertEquals(Status.OK, r.status(), r.toString());
        assertTrue(r.credentialSource().contains("in us-east-1 (region from RDS host name)"), r.credentialSource());
    }

    @Test
    void aTokenSignedForTheLocalAddressIsRefusedWithTheTunnelFix() throws Exception {
        TargetSpec t = load(fx.target("no-iam-host", ROLE, "region: us-east-1")).targets().get(0);
        PgAuthException e = assertThrows(PgAuthException.class, () -> connector().connect(t).close());
        assertEquals(FailureCategory.AUTH_REJECTED, e.category());
        assertTrue(e.fix().contains("iam_host/iam_port"), e.fix());
        assertTrue(e.fix().contains("GRANT rds_iam TO " + ROLE), e.fix());
        assertTrue(fx.gate.rejections().contains("token is not for endpoint " + SandboxGate.RDS_HOST + ":" + SandboxGate.RDS_PORT));
    }

    @Test
    void aValidTokenIsReusedByTheNextConnection() throws Exception {
        TargetSpec t = load(tunnelled("rds-reuse")).targets().get(0);
        List<CredentialEvent> events = new CopyOnWriteArrayList<>();
        Consumer<CredentialEvent> listener = events::add;
        CredentialEvents.addListener(listener);
        try {
            Connector connector = connector();
            connector.connect(t).close();
            connector.connect(t).close();
        } finally {
            CredentialEvents.removeListener(listener);
        }
        assertEquals(2, events.size());
        assertEquals(events.get(0).expiresAt(), events.get(1).expiresAt(), "the second connection reused the first token");
    }

    @Test
    void targetsForTheSameEndpointUserAndIdentityShareOneToken() throws Exception {
        TargetsConfig config = load(tunnelled("share-a"), tunnelled("share-b"));
        List<CredentialEvent> events = new CopyOnWriteArrayList<>();
        Consumer<CredentialEvent> listener = events::add;
        CredentialEvents.addListener(listener);
        try {
            Connector connector = connector();
            connector.connect(config.targets().get(0)).close();
            connector.connect(config.targets().get(1)).close();
        } finally {
            CredentialEvents.removeListener(listener);
        }
        assertEquals(List.of("share-a", "share-b"), events.stream().map(CredentialEvent::target).toList());
        assertEquals(events.get(0).expiresAt(), events.get(1).expiresAt(), "one token served both targets");
    }

    @Test
    void aMissingIdentityNamesWhatToProvide() throws Exception {
        TargetSpec t = load(fx.target("no-identity", ROLE, "aws_profile: no-such-profile", "iam_host: " + SandboxGate.RDS_HOST)).targets().get(0);
        PgAuthException e = assertThrows(PgAuthException.class, () -> connector().connect(t).close());
        assertEquals(FailureCategory.CREDENTIAL, e.category());
        assertTrue(e.problem().contains("profile no-such-profile"), e.problem());
        assertTrue(e.fix().contains("AWS_WEB_IDENTITY_TOKEN_FILE"), e.fix());
    }

    /** The gate refuses what RDS refuses, with SQLSTATE 28000. */
    @Test
    void tamperedExpiredWrongUserWrongRegionAndExpiredCredentialTokensAreRefused() throws Exception {
        Clock now = Clock.systemUTC();
        AwsBasicCredentials keys = AwsBasicCredentials.create(ACCESS_KEY, SECRET);
        RdsTokenSigner signer = new RdsTokenSigner(now);
        String good = signer.token(keys, SandboxGate.RDS_HOST, SandboxGate.RDS_PORT, ROLE, SandboxGate.REGION);
        assertEquals(ROLE, loginWith(good));

        String tampered = good.replaceFirst("DBUser=" + ROLE, "DBUser=" + ROLE).replace("X-Amz-Expires=900", "X-Amz-Expires=899");
        assertRefused(tampered, "signature mismatch");
        String expired = new RdsTokenSigner(Clock.fixed(Instant.now().minus(Duration.ofMinutes(20)), ZoneOffset.UTC))
                .token(keys, SandboxGate.RDS_HOST, SandboxGate.RDS_PORT, ROLE, SandboxGate.REGION);
        assertRefused(expired, "token expired");
        assertRefused(signer.token(keys, SandboxGate.RDS_HOST, SandboxGate.RDS_PORT, "someone_else", SandboxGate.REGION), "DBUser does not match the login user");
        assertRefused(signer.token(keys, SandboxGate.RDS_HOST, SandboxGate.RDS_PORT, ROLE, "eu-west-1"), "signed for region eu-west-1, not us-east-1");
        assertRefused(signer.token(AwsBasicCredentials.create(ACCESS_KEY, "wrong-secret"), SandboxGate.RDS_HOST, SandboxGate.RDS_PORT, ROLE, SandboxGate.REGION),
                "signature mismatch");

        fx.verifier.issue(new IssuedKey("ASIAPGAUTHEXPIRED01", "temp-secret", "temp-session", Instant.now().minusSeconds(5)));
        assertRefused(signer.token(AwsSessionCredentials.create("ASIAPGAUTHEXPIRED01", "temp-secret", "temp-session"),
                SandboxGate.RDS_HOST, SandboxGate.RDS_PORT, ROLE, SandboxGate.REGION), "the signing credentials have expired");
        fx.verifier.issue(new IssuedKey("ASIAPGAUTHSESSION01", "temp-secret", "temp-session", Instant.now().plusSeconds(600)));
        assertRefused(signer.token(AwsSessionCredentials.create("ASIAPGAUTHSESSION01", "temp-secret", "forged-session"),
                SandboxGate.RDS_HOST, SandboxGate.RDS_PORT, ROLE, SandboxGate.REGION), "session token missing or wrong");
        assertEquals(ROLE, loginWith(signer.token(AwsSessionCredentials.create("ASIAPGAUTHSESSION01", "temp-secret", "temp-session"),
                SandboxGate.RDS_HOST, SandboxGate.RDS_PORT, ROLE, SandboxGate.REGION)), "valid temporary credentials pass");
    }

    @Test
    void aTokenFromTheSdksOwnRdsUtilitiesPassesTheGate() throws Exception {
        String token = software.amazon.awssdk.services.rds.RdsUtilities.builder()
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET)))
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .build()
                .generateAuthenticationToken(r -> r.hostname(SandboxGate.RDS_HOST).port(SandboxGate.RDS_PORT).username(ROLE));
        assertEquals(ROLE, loginWith(token), "the gate accepts what the AWS SDK itself produces");
    }

    private static void assertRefused(String token, String reason) {
        int before = fx.gate.rejections().size();
        SQLException e = assertThrows(SQLException.class, () -> loginWith(token));
        assertEquals("28000", e.getSQLState(), e.getMessage());
        assertTrue(e.getMessage().contains("PAM authentication failed"), e.getMessage());
        assertEquals(reason, fx.gate.rejections().get(before));
    }

    /** A plain pgjdbc login to the gate with the token as password (the gate is what is under test here). */
    private static String loginWith(String token) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", ROLE);
        p.setProperty("password", token);
        p.setProperty("sslmode", "verify-full");
        p.setProperty("sslrootcert", fx.sandbox.caFile().toString());
        try (Connection c = new org.postgresql.Driver().connect("jdbc:postgresql://" + Sandbox.HOST + ":" + fx.gate.port() + "/postgres", p);
             ResultSet rs = c.createStatement().executeQuery("select current_user")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void theSecretKeyNeverAppearsInLogsErrorsOrReports() throws Exception {
        try (Capture capture = new Capture()) {
            TargetsConfig config = load(tunnelled("canary-ok"), fx.target("canary-bad", ROLE, "region: us-east-1"),
                    fx.target("canary-none", ROLE, "aws_profile: nope", "region: us-east-1"));
            for (TargetSpec t : config.targets()) {
                try (Connection c = connector().connect(t)) {
                    capture.add(c);
                } catch (PgAuthException e) {
                    capture.add(e);
                }
            }
            capture.add(new Doctor(connector(), Clock.systemUTC(), 4).run(config, config.targets()));
            capture.assertNoneOf(List.of(SECRET));
            assertTrue(Files.notExists(dir.resolve("aws-credentials")), "nothing was written to the AWS files");
        }
    }
}
