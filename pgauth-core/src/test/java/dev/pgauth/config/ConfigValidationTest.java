package dev.pgauth.config;

import static dev.pgauth.config.ConfigFixture.assertError;
import static dev.pgauth.config.ConfigFixture.assertNoError;
import static dev.pgauth.config.ConfigFixture.assertProblem;
import static dev.pgauth.config.ConfigFixture.config;
import static dev.pgauth.config.ConfigFixture.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigValidationTest {
    private static final String CA = "sslrootcert_file: ca.pem";
    private static final String PW = "password_env: APP_PASSWORD";

    @TempDir
    Path dir;
    ConfigFixture fx;

    @BeforeEach
    void setUp() {
        fx = new ConfigFixture(dir);
    }

    @Test
    void minimalPasswordTargetGetsDefaults() {
        TargetsConfig c = fx.valid(config(target("db1", CA, PW)));
        TargetSpec t = c.targets().get(0);
        assertEquals(DeploymentEnv.DEV, c.env());
        assertEquals(5432, t.port());
        assertTrue(t.enabled());
        assertEquals(AuthMethod.PASSWORD, t.authMethod());
        assertEquals(SslMode.VERIFY_FULL, t.sslmode(), "safe default: verify-full");
        assertEquals(Duration.ofSeconds(10), t.connectTimeout());
        assertEquals("pgauth", t.applicationName());
        assertEquals(dir.resolve("ca.pem").toString(), t.sslrootcertFile(), "relative paths resolve against the config file");
        assertNull(t.dbname());
        assertTrue(c.warnings().isEmpty());
    }

    @Test
    void everySeedKeyParses() {
        TargetsConfig c = fx.valid(config(
                target("pw", "port: 6432", "dbname: appdb", "enabled: false", "auth_method: password", "sslmode: verify-ca", CA,
                        "password_file: pw.txt", "connect_timeout: 1500ms", "application_name: monitor"),
                target("pass", CA, "pgpass_file: pgpass"),
                target("cert", "auth_method: mtls", CA, "sslcert: client.crt", "sslkey: client.key", "sslkey_passphrase_file: key.pass"),
                target("sys", "sslrootcert_file: system", PW)));
        TargetSpec pw = c.target("pw").orElseThrow();
        assertEquals(6432, pw.port());
        assertEquals("appdb", pw.dbname());
        assertFalse(pw.enabled());
        assertEquals(SslMode.VERIFY_CA, pw.sslmode());
        assertEquals(Duration.ofMillis(1500), pw.connectTimeout());
        assertEquals("monitor", pw.applicationName());
        assertEquals(dir.resolve("pw.txt"), pw.passwordFile());
        assertEquals(dir.resolve("key.pass"), c.target("cert").orElseThrow().sslkeyPassphraseFile());
        assertTrue(c.target("sys").orElseThrow().usesSystemTrust());
    }

    @Test
    void missingNameHostUserAreEachReported() {
        ConfigException e = fx.invalid("targets:\n  - port: 5432\n    " + CA + "\n    " + PW + "\n");
        assertError(e, "targets[0]", "name", "missing", "unique name");
        assertError(e, "targets[0]", "host", "missing");
        assertError(e, "targets[0]", "user", "missing");
    }

    @Test
    void aHostlessIamTargetIsReportedNotACrash() {
        ConfigException e = fx.invalid("targets:\n  - name: rds\n    user: app\n    auth_method: aws_rds_iam\n    " + CA + "\n");
        assertError(e, "rds", "host", "missing");
    }

    @Test
    void duplicateNamesAreErrors() {
        ConfigException e = fx.invalid(config(target("db1", CA, PW), target("db1", CA, PW)));
        assertError(e, "db1", "name", "duplicate", "line 3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "65536", "-1", "abc", "5432.5"})
    void portOutsideRangeIsAnError(String port) {
        assertError(fx.invalid(config(target("db1", "port: " + port, CA, PW))), "db1", "port", "1 to 65535");
    }

    @Test
    void portsAtTheEdgesAreFine() {
        fx.valid(config(target("a", "port: 1", CA, PW), target("b", "port: 65535", CA, PW)));
    }

    @Test
    void unknownEnvIsAnError() {
        ConfigException e = fx.invalid("env: staging\ntargets:\n" + target("db1", CA, PW));
        assertError(e, "config", "env", "staging", "dev, lab or prod");
    }

    @Test
    void envComesFromFileAndPgauthEnvOverridesIt() {
        assertEquals(DeploymentEnv.LAB, fx.valid("env: lab\ntargets:\n" + target("db1", CA, PW)).env());
        assertEquals(DeploymentEnv.PROD, fx.valid("env: lab\ntargets:\n" + target("db1", CA, PW), Map.of("PGAUTH_ENV", "prod")).env());
        assertError(fx.invalid(config(target("db1", CA, PW)), Map.of("PGAUTH_ENV", "qa")), "config", "PGAUTH_ENV", "dev, lab or prod");
    }

    @Test
    void unknownKeysSuggestTheClosestKnownKey() {
        ConfigException e = fx.invalid(config(target("db1", CA, PW, "auth-method: password", "sslrootcert: x", "hots: y")));
        assertError(e, "db1", "auth-method", "unknown key", "Did you mean 'auth_method'?");
        assertError(e, "db1", "sslrootcert", "Did you mean 'sslrootcert_file'?");
        assertError(e, "db1", "hots", "Did you mean 'host'?");
        assertError(fx.invalid("env: dev\ntarget:\n" + target("db1", CA, PW)), "config", "target", "Did you mean 'targets'?");
    }

    @Test
    void anInlinePasswordKeyIsRefusedAndItsValueNeverEchoed() {
        ConfigException e = fx.invalid(config(target("db1", CA, "password: Hunter2-canary")));
        assertError(e, "db1", "password", "never takes a password", "password_env");
        assertFalse(e.getMessage().contains("Hunter2-canary"));
    }

    @Test
    void unknownAuthMethodListsTheSupportedOnesCaseSensitively() {
        ConfigException e = fx.invalid(config(target("db1", CA, PW, "auth_method: AWS_RDS_IAM")));
        assertError(e, "db1", "auth_method", "'AWS_RDS_IAM' is not supported", "password, mtls, aws_rds_iam, azure_entra, gcp_cloudsql_iam, secret_store");
    }

    @Test
    void passwordNeedsExactlyOneSource() {
        assertError(fx.invalid(config(target("none", CA))), "none", "auth_method", "exactly one of password_env, password_file or pgpass_file");
        ConfigException two = fx.invalid(config(target("two", CA, PW, "password_file: pw.txt")));
        assertError(two, "two", "password_file", "exactly one", "password_env, password_file");
        ConfigException three = fx.invalid(config(target("three", CA, PW, "password_file: pw.txt", "pgpass_file: pgpass")));
        assertError(three, "three", "password_file", "password_env, password_file, pgpass_file");
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws_rds_iam", "azure_entra", "gcp_cloudsql_iam", "secret_store"})
    void passwordlessMethodsRefuseEveryPasswordSource(String method) {
        String ref = method.equals("secret_store") ? "secret_ref: projects/my-proj/secrets/db/versions/latest" : "enabled: true";
        ConfigException e = fx.invalid(config(target("t", "auth_method: " + method, CA, ref, PW, "password_file: pw.txt", "pgpass_file: pgpass")));
        for (String key : new String[] {"password_env", "password_file", "pgpass_file"}) {
            assertError(e, "t", key, "passwordless", "Remove " + key);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws_rds_iam", "azure_entra", "gcp_cloudsql_iam", "secret_store", "mtls"})
    void strictMethodsNeedVerifyFullInEveryEnvironmentEvenWithTheInsecureFlag(String method) {
        for (String env : new String[] {"dev", "lab", "prod"}) {
            for (String mode : new String[] {"verify-ca", "require", "prefer", "allow", "disable"}) {
                String extra = switch (method) {
                    case "secret_store" -> "secret_ref: projects/my-proj/secrets/db/versions/latest";
                    case "mtls" -> "sslcert: client.crt\n    sslkey: client.key";
                    default -> "enabled: true";
                };
                ConfigException e = fx.invalid("env: " + env + "\ntargets:\n" + target("t", "auth_method: " + method, "sslmode: " + mode, CA, extra),
                        Map.of("PGAUTH_ALLOW_INSECURE_PG_TLS", "true"));
                assertError(e, "t", "sslmode", "requires sslmode verify-full", "does not relax");
            }
        }
    }

    @Test
    void verifyingModesNeedARootCertificateFileOrSystem() {
        assertError(fx.invalid(config(target("full", PW))), "full", "sslrootcert_file", "missing", "'system'");
        assertError(fx.invalid(config(target("ca", "sslmode: verify-ca", PW))), "ca", "sslrootcert_file", "missing");
        fx.valid(config(target("sys", "sslrootcert_file: system", PW)));
    }

    @Test
    void passwordInProdNeedsAVerifyingMode() {
        for (String mode : new String[] {"require", "prefer", "allow", "disable"}) {
            ConfigException e = fx.invalid("env: prod\ntargets:\n" + target("p", "sslmode: " + mode, PW), Map.of("PGAUTH_ALLOW_INSECURE_PG_TLS", "true"));
            assertError(e, "p", "sslmode", "env prod forbids");
        }
        fx.valid("env: prod\ntargets:\n" + target("p", "sslmode: verify-ca", CA, PW));
    }

    @Test
    void weakTlsInDevOrLabIsAnErrorUnlessExplicitlyAllowedThenAWarning() {
        for (String env : new String[] {"dev", "lab"}) {
            String yaml = "env: " + env + "\ntargets:\n" + target("d", "sslmode: require", PW);
            assertError(fx.invalid(yaml), "d", "sslmode", "does not verify the server", "PGAUTH_ALLOW_INSECURE_PG_TLS=true");
            assertError(fx.invalid(yaml, Map.of("PGAUTH_ALLOW_INSECURE_PG_TLS", "yes")), "d", "sslmode", "does not verify");
            TargetsConfig c = fx.valid(yaml, Map.of("PGAUTH_ALLOW_INSECURE_PG_TLS", "true"));
            assertProblem(c.warnings(), "d", "sslmode", "does not verify the server", "Allowed in " + env);
        }
    }

    @Test
    void secretStoreNeedsARecognisableSecretRef() {
        assertError(fx.invalid(config(target("s", "auth_method: secret_store", CA))), "s", "secret_ref", "missing", "arn:aws:secretsmanager", "projects/");
        ConfigException bad = fx.invalid(config(target("s", "auth_method: secret_store", CA, "secret_ref: vault://prod/db")));
        assertError(bad, "s", "secret_ref", "matches none of the accepted forms", "arn:aws:ssm", "vault.azure.net", "versions/<version|latest>");
        assertNoError(bad, "s", "auth_method");
    }

    @Test
    void secretStoreWithAValidRefNamesTheModuleThatIsMissing() {
        ConfigException e = fx.invalid(config(target("s", "auth_method: secret_store", CA, "secret_ref: arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf")));
        assertError(e, "s", "secret_ref", "AWS Secrets Manager", "pgauth-aws");
        ConfigException kv = fx.invalid(config(target("k", "auth_method: secret_store", CA, "secret_ref: https://myvault.vault.azure.net/secrets/db")));
        assertError(kv, "k", "secret_ref", "pgauth-azure");
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws_rds_iam:pgauth-aws", "azure_entra:pgauth-azure", "gcp_cloudsql_iam:pgauth-gcp"})
    void cloudMethodsNameTheirModuleWhenItIsAbsent(String methodAndModule) {
        String[] parts = methodAndModule.split(":");
        ConfigException e = fx.invalid(config(target("c", "auth_method: " + parts[0], CA)), Map.of("AWS_REGION", "us-east-1"));
        assertError(e, "c", "auth_method", parts[1], "dev.pgauth:" + parts[1]);
    }

    @Test
    void mtlsNeedsCertificateAndKey() {
        ConfigException e = fx.invalid(config(target("m", "auth_method: mtls", CA)));
        assertError(e, "m", "sslcert", "missing");
        assertError(e, "m", "sslkey", "missing");
        fx.valid(config(target("m", "auth_method: mtls", CA, "sslcert: client.crt", "sslkey: client.key")));
    }

    @Test
    void rdsIamWithoutRegionWarnsButAwsRegionSilencesIt() throws ConfigException {
        // The aws module is absent here, so the config is invalid; the region warning is still made.
        ConfigException e = fx.invalid(config(target("r", "auth_method: aws_rds_iam", CA)));
        assertProblem(e.problems(), "r", "region", "instance metadata");
        ConfigException withEnv = fx.invalid(config(target("r", "auth_method: aws_rds_iam", CA)), Map.of("AWS_DEFAULT_REGION", "eu-west-1"));
        assertTrue(withEnv.problems().stream().noneMatch(p -> p.key().equals("region")));
        ConfigException rdsHost = fx.invalid(config(target("r", "auth_method: aws_rds_iam", CA, "iam_host: db.abc.eu-west-1.rds.amazonaws.com")));
        assertTrue(rdsHost.problems().stream().noneMatch(p -> p.key().equals("region")), "the region is in the RDS host name");
    }

    @Test
    void keysOfOtherMethodsAreRejected() {
        ConfigException e = fx.invalid(config(target("p", CA, PW, "secret_ref: projects/my-proj/secrets/db/versions/1", "sslcert: client.crt", "region: us-east-1")));
        assertError(e, "p", "secret_ref", "only used by auth_method secret_store");
        assertError(e, "p", "sslcert", "only used by auth_method mtls");
        assertError(e, "p", "region", "only used by auth_method aws_rds_iam");
    }

    @Test
    void gcpServiceAccountUserMustDropTheSuffix() {
        ConfigException e = fx.invalid(config(
                "  - name: g\n    host: 10.0.0.5\n    user: collector@proj.iam.gserviceaccount.com\n    auth_method: gcp_cloudsql_iam\n    " + CA + "\n"));
        assertError(e, "g", "user", "collector@proj.iam");
    }

    @Test
    void missingFilesAreStartupErrors() {
        ConfigException e = fx.invalid(config(target("f", "sslrootcert_file: nope/ca.pem", "password_file: nope.txt")));
        assertError(e, "f", "sslrootcert_file", "does not exist");
        assertError(e, "f", "password_file", "does not exist");
    }

    @Test
    void disabledTargetsAreValidatedToo() {
        assertError(fx.invalid(config(target("off", "enabled: false", "sslmode: require", PW))), "off", "sslmode", "does not verify");
    }

    @Test
    void malformedValuesAreReportedAndTheOtherRulesStillRun() {
        ConfigException e = fx.invalid(config(target("x", "connect_timeout: soon", "enabled: maybe", "sslmode: verify_full", PW, "password_file: pw.txt")));
        assertError(e, "x", "connect_timeout", "not a duration");
        assertError(e, "x", "enabled", "true or false");
        assertError(e, "x", "sslmode", "'verify_full' is not supported", "verify-full");
        assertError(e, "x", "password_file", "exactly one");
    }

    @Test
    void everyErrorInTheFileIsReportedAtOnce() {
        ConfigException e = fx.invalid("env: dev\ntargets:\n" + target("a", "auth-method: password", PW) + target("b", "port: 0", CA, PW) + target("a", CA, PW));
        assertTrue(e.errors().size() >= 4, e.getMessage());
        String[] lines = e.getMessage().split("\n");
        assertEquals(e.errors().size(), lines.length, "one line per error");
    }

    @Test
    void malformedPasswordEnvIsNotEchoed() {
        ConfigException e = fx.invalid(config(target("e", CA, "password_env: s3cr3t pass!")));
        assertError(e, "e", "password_env", "name of an environment variable");
        assertFalse(e.getMessage().contains("s3cr3t"));
    }

    @Test
    void structuralProblemsAreReported() {
        assertError(fx.invalid(""), "config", "targets", "empty");
        assertError(fx.invalid("env: dev\n"), "config", "targets", "missing");
        assertError(fx.invalid("targets: []\n"), "config", "targets", "non-empty list");
        assertError(fx.invalid("targets:\n  - just-a-string\n"), "targets[0]", "target", "mapping");
        assertError(fx.invalid("targets:\n  - name: [a, b]\n"), "targets[0]", "name", "single value");
        assertError(fx.invalid("targets: [\n"), "config", "yaml", "not valid YAML");
        assertError(fx.invalid(config(target("d", CA, PW, "host: other"))), "d", "host", "set twice");
    }

    @Test
    void loadingAMissingFileSaysWhere() {
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> new ConfigLoader(Map.of(), java.util.List.of()).load(dir.resolve("absent.yaml")));
        assertError(e, "config", "file", "absent.yaml", "does not exist");
    }

    @Test
    void configFileLookupOrder() {
        Path home = dir.resolve("home");
        Path cwd = dir.resolve("cwd");
        assertEquals(Path.of("/x.yaml"), ConfigFiles.candidates(Path.of("/x.yaml"), Map.of("PGAUTH_CONFIG", "/y.yaml"), cwd, home).get(0));
        assertEquals(java.util.List.of(Path.of("/y.yaml")), ConfigFiles.candidates(null, Map.of("PGAUTH_CONFIG", "/y.yaml"), cwd, home));
        assertEquals(java.util.List.of(cwd.resolve("pgauth.yaml"), home.resolve(".config/pgauth/pgauth.yaml"), Path.of("/etc/pgauth/pgauth.yaml")),
                ConfigFiles.candidates(null, Map.of(), cwd, home));
        assertEquals(Path.of("/xdg/pgauth/pgauth.yaml"), ConfigFiles.candidates(null, Map.of("XDG_CONFIG_HOME", "/xdg"), cwd, home).get(1));
    }
}
