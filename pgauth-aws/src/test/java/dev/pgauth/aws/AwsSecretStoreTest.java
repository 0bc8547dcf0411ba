package dev.pgauth.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgauth.FailureCategory;
import dev.pgauth.PgAuthException;
import dev.pgauth.config.ConfigLoader;
import dev.pgauth.config.TargetSpec;
import dev.pgauth.connect.Connector;
import dev.pgauth.credential.CredentialProviders;
import dev.pgauth.doctor.Doctor;
import dev.pgauth.sandbox.Sandbox;
import dev.pgauth.sandbox.SharedSandbox;
import dev.pgauth.testkit.Capture;
import dev.pgauth.testkit.aws.FakeAws;
import dev.pgauth.testkit.gate.IssuedKey;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** secret_store with Secrets Manager and SSM ARNs: the fetched password gives a real SCRAM login to the sandbox. */
class AwsSecretStoreTest {
    private static final String SM = "arn:aws:secretsmanager:us-east-1:" + FakeAws.ACCOUNT + ":secret:prod/db-";
    private static final String SSM = "arn:aws:ssm:us-east-1:" + FakeAws.ACCOUNT + ":parameter/prod/db/";
    private static final AtomicInteger N = new AtomicInteger();

    static FakeAws aws;
    static IssuedKey key;
    static Sandbox sandbox;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        sandbox = SharedSandbox.get();
        aws = new FakeAws(Clock.systemUTC());
        AwsSystemProperties.isolate(dir, aws.endpoint());
        key = aws.longTermKey();
        System.setProperty("aws.accessKeyId", key.accessKeyId());
        System.setProperty("aws.secretAccessKey", key.secretAccessKey());
    }

    @AfterAll
    static void stop() {
        aws.close();
        AwsSystemProperties.clear();
    }

    /** A password role whose password is canary-unique. */
    private static String[] role() {
        String role = "sm_" + N.incrementAndGet();
        String password = "CANARYpw" + UUID.randomUUID().toString().replace("-", "");
        sandbox.createPasswordRole(role, password, true);
        return new String[] {role, password};
    }

    /** A Secrets Manager secret the test identity may read. */
    private static String grantedSecret(String name, String value) {
        String arn = SM + name + N.incrementAndGet();
        aws.secret(arn, value);
        aws.grant(key, "secretsmanager:GetSecretValue", arn);
        return arn;
    }

    private static TargetSpec target(String user, String ref, String... extra) throws Exception {
        StringBuilder b = new StringBuilder("targets:\n  - name: vault\n    host: " + Sandbox.HOST + "\n    port: " + sandbox.port()
                + "\n    dbname: postgres\n    user: " + user + "\n    auth_method: secret_store\n    secret_ref: " + ref
                + "\n    sslrootcert_file: " + sandbox.caFile() + "\n");
        for (String line : extra) {
            b.append("    ").append(line).append('\n');
        }
        CredentialProviders providers = CredentialProviders.discover(Map.of());
        return new ConfigLoader(Map.of(), List.of(providers.availabilityRule())).parse(b.toString(), dir.resolve("pgauth.yaml")).targets().get(0);
    }

    private static Connector connector() {
        return new Connector(CredentialProviders.discover(Map.of()), Map.of(), Clock.systemUTC());
    }

    private static String whoAmI(TargetSpec t) throws Exception {
        try (Connection c = connector().connect(t); ResultSet rs = c.createStatement().executeQuery("select current_user")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static PgAuthException failure(TargetSpec t, FailureCategory category) {
        PgAuthException e = assertThrows(PgAuthException.class, () -> connector().connect(t).close());
        assertEquals(category, e.category(), e.getMessage());
        return e;
    }

    @Test
    void secretsManagerPlainSecret() throws Exception {
        String[] r = role();
        String arn = grantedSecret("plain", r[1]);
        assertEquals(r[0], whoAmI(target(r[0], arn)));
    }

    @Test
    void secretsManagerJsonKeyAsRdsManagedSecretsAre() throws Exception {
        String[] r = role();
        String arn = grantedSecret("json", "{\"username\":\"" + r[0] + "\",\"password\":\"" + r[1] + "\",\"port\":5432}");
        assertEquals(r[0], whoAmI(target(r[0], arn, "secret_json_key: password")));
    }

    @Test
    void ssmSecureStringNeedsGetParameterAndKmsDecrypt() throws Exception {
        String[] r = role();
        String arn = SSM + "secure" + N.incrementAndGet();
        aws.parameter(arn, "SecureString", r[1]);
        aws.grant(key, "ssm:GetParameter", arn);
        PgAuthException kms = failure(target(r[0], arn), FailureCategory.PERMISSION);
        assertTrue(kms.fix().contains("kms:Decrypt"), kms.fix());
        aws.grant(key, "kms:Decrypt", arn);
        assertEquals(r[0], whoAmI(target(r[0], arn)));
    }

    @Test
    void ssmPlainString() throws Exception {
        String[] r = role();
        String arn = SSM + "plain" + N.incrementAndGet();
        aws.parameter(arn, "String", r[1]);
        aws.grant(key, "ssm:GetParameter", arn);
        assertEquals(r[0], whoAmI(target(r[0], arn)));
    }

    @Test
    void accessDeniedNamesThePermissionAndResource() throws Exception {
        String arn = SM + "denied" + N.incrementAndGet();
        aws.secret(arn, "x");
        PgAuthException e = failure(target("nobody", arn), FailureCategory.PERMISSION);
        assertEquals("Grant the identity secretsmanager:GetSecretValue on " + arn + ".", e.fix());
        String param = SSM + "denied" + N.incrementAndGet();
        aws.parameter(param, "String", "x");
        assertTrue(failure(target("nobody", param), FailureCategory.PERMISSION).fix().contains("ssm:GetParameter on " + param));
    }

    @Test
    void missingSecretsAndBadJsonAreClearWithoutShowingTheSecret() throws Exception {
        String missing = SM + "missing" + N.incrementAndGet();
        aws.grant(key, "secretsmanager:GetSecretValue", missing);
        assertTrue(failure(target("nobody", missing), FailureCategory.CREDENTIAL).problem().contains("does not exist"));

        String notJson = grantedSecret("notjson", "CANARYnotjson");
        PgAuthException a = failure(target("nobody", notJson, "secret_json_key: password"), FailureCategory.CREDENTIAL);
        assertTrue(a.problem().contains("is not JSON"), a.problem());

        String noKey = grantedSecret("nokey", "{\"user\":\"CANARYjsonvalue\"}");
        PgAuthException b = failure(target("nobody", noKey, "secret_json_key: password"), FailureCategory.CREDENTIAL);
        assertTrue(b.problem().contains("has no top-level key password (keys: user)"), b.problem());

        String notString = grantedSecret("notstring", "{\"password\":12345}");
        assertTrue(failure(target("nobody", notString, "secret_json_key: password"), FailureCategory.CREDENTIAL).problem().contains("is not a string"));
        for (PgAuthException e : List.of(a, b)) {
            assertFalse(e.getMessage().contains("CANARY"), e.getMessage());
        }
    }

    @Test
    void expiredSessionCredentialsAreRefusedByTheServiceAndClassified() throws Exception {
        aws.sessionLifetime(java.time.Duration.ofSeconds(-1));
        IssuedKey expired = aws.sessionKey();
        aws.sessionLifetime(java.time.Duration.ofHours(1));
        String arn = SM + "expired" + N.incrementAndGet();
        aws.secret(arn, "x");
        aws.grant(expired, "secretsmanager:GetSecretValue", arn);
        try {
            AwsSystemProperties.isolate(dir, aws.endpoint());
            System.setProperty("aws.accessKeyId", expired.accessKeyId());
            System.setProperty("aws.secretAccessKey", expired.secretAccessKey());
            System.setProperty("aws.sessionToken", expired.sessionToken());
            PgAuthException e = failure(target("nobody", arn), FailureCategory.CREDENTIAL);
            assertTrue(e.problem().contains("have expired"), e.problem());
            assertTrue(aws.calls().contains("secretsmanager expired key " + expired.accessKeyId()), aws.calls().toString());
        } finally {
            AwsSystemProperties.isolate(dir, aws.endpoint());
            System.setProperty("aws.accessKeyId", key.accessKeyId());
            System.setProperty("aws.secretAccessKey", key.secretAccessKey());
        }
    }

    @Test
    void fetchedOnEveryConnectionUnlessMaxCacheTtlAllowsReuse() throws Exception {
        String[] r = role();
        String arn = grantedSecret("ttl", r[1]);
        Connector connector = connector();
        TargetSpec fresh = target(r[0], arn);
        connector.connect(fresh).close();
        connector.connect(fresh).close();
        assertEquals(2, aws.calls().stream().filter(c -> c.equals("secretsmanager GetSecretValue " + arn)).count());
        TargetSpec cached = target(r[0], arn, "max_cache_ttl: 5m");
        connector.connect(cached).close();
        connector.connect(cached).close();
        assertEquals(3, aws.calls().stream().filter(c -> c.equals("secretsmanager GetSecretValue " + arn)).count());
    }

    @Test
    void noSecretOrKeyAppearsInLogsErrorsOrReports() throws Exception {
        List<String> canaries = new ArrayList<>(List.of(key.secretAccessKey()));
        String[] r = role(); // outside the capture: the sandbox's own CREATE ROLE statement carries the password
        try (Capture capture = new Capture()) {
            canaries.add(r[1]);
            String arn = grantedSecret("canary", "{\"password\":\"" + r[1] + "\"}");
            String wrongKey = grantedSecret("canary-wrong", "{\"pw\":\"" + r[1] + "\"}");
            String rotated = SM + "canary-stale" + N.incrementAndGet();
            aws.secret(rotated, "CANARYstale-password");
            canaries.add("CANARYstale-password");
            aws.grant(key, "secretsmanager:GetSecretValue", rotated);
            for (TargetSpec t : List.of(target(r[0], arn, "secret_json_key: password"), target(r[0], wrongKey, "secret_json_key: password"),
                    target(r[0], rotated), target(r[0], SM + "never-granted"))) {
                try (Connection c = connector().connect(t)) {
                    capture.add(c);
                } catch (PgAuthException e) {
                    capture.add(e);
                }
                var config = new dev.pgauth.config.TargetsConfig(null, dev.pgauth.config.DeploymentEnv.PROD, List.of(t), List.of());
                capture.add(new Doctor(connector(), Clock.systemUTC(), 1).run(config, config.targets()));
            }
            capture.assertNoneOf(canaries);
            assertTrue(capture.text().contains("auth_rejected") || capture.text().contains("AUTH_REJECTED"), "the stale password was tried and refused");
        }
    }
}
