package dev.pgauth.cli;

import dev.pgauth.testkit.SandboxTargets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgauth.sandbox.Sandbox;
import dev.pgauth.testkit.TestFiles;
import dev.pgauth.testkit.gate.IssuedKey;
import dev.pgauth.testkit.gate.RdsTokenVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `pgauth token` prints a token the independent verifier accepts; `pgauth psql` passes credentials in the environment only. */
class CliTokenAndPsqlTest {
    private static final String KEY_ID = "AKIAPGAUTHCLITEST001";
    private static final String SECRET = "CANARYclisecret0123456789";
    private static final List<String> PROPS = List.of("aws.accessKeyId", "aws.secretAccessKey", "aws.disableEc2Metadata", "aws.configFile",
            "aws.sharedCredentialsFile");

    @TempDir
    Path dir;
    Cli cli;
    SandboxTargets sb;

    @BeforeEach
    void setUp() {
        cli = new Cli(dir);
        sb = new SandboxTargets(dir);
        System.setProperty("aws.accessKeyId", KEY_ID);
        System.setProperty("aws.secretAccessKey", SECRET);
        System.setProperty("aws.disableEc2Metadata", "true");
        System.setProperty("aws.configFile", dir.resolve("none").toString());
        System.setProperty("aws.sharedCredentialsFile", dir.resolve("none").toString());
    }

    @AfterEach
    void tearDown() {
        PROPS.forEach(System::clearProperty);
    }

    private static RdsTokenVerifier verifier(String endpoint, String region) {
        RdsTokenVerifier v = new RdsTokenVerifier(endpoint, region, Clock.systemUTC());
        v.issue(new IssuedKey(KEY_ID, SECRET, null, null));
        return v;
    }

    @Test
    void adHocTokenLikeAwsRdsGenerateDbAuthToken() {
        Cli.Result r = cli.run("token", "--host", "db.abc.eu-west-1.rds.amazonaws.com", "--port", "5432", "--user", "app");
        assertEquals(0, r.exit(), r.all());
        String token = r.out().strip();
        assertEquals(1, r.out().lines().count(), "the token alone on stdout");
        assertEquals(java.util.Optional.empty(), verifier("db.abc.eu-west-1.rds.amazonaws.com:5432", "eu-west-1").reject(token, "app"),
                "region taken from the RDS host name");
        assertTrue(r.err().isEmpty(), r.err());
    }

    @Test
    void realEnvironmentVariablesAsTheIdentityInASeparateProcess() throws Exception {
        // The environment stage of the SDK chain needs a real process environment: run the CLI as a child.
        Cli.Result r = Cli.child(List.of("AWS_"), java.util.Map.of("AWS_ACCESS_KEY_ID", KEY_ID, "AWS_SECRET_ACCESS_KEY", SECRET,
                "AWS_EC2_METADATA_DISABLED", "true", "AWS_CONFIG_FILE", dir.resolve("none").toString(),
                "AWS_SHARED_CREDENTIALS_FILE", dir.resolve("none").toString()),
                "token", "--host", "db.abc.ap-southeast-2.rds.amazonaws.com", "--user", "app");
        String out = r.out();
        String err = r.err();
        assertEquals(0, r.exit(), err);
        assertEquals(java.util.Optional.empty(), verifier("db.abc.ap-southeast-2.rds.amazonaws.com:5432", "ap-southeast-2").reject(out.strip(), "app"));
        assertTrue(err.isEmpty(), "nothing but the token is printed: " + err);
        assertFalse(err.contains(SECRET) || out.contains(SECRET));
    }

    @Test
    void targetTokenIsSignedForIamHostAndRegion() {
        Path config = sb.config(sb.target("rds", "app", "auth_method: aws_rds_iam", "region: us-west-2",
                "iam_host: prod.cluster-x.us-west-2.rds.amazonaws.com", "iam_port: 6432"));
        Cli.Result r = cli.run("token", "--config", config.toString(), "--target", "rds");
        assertEquals(0, r.exit(), r.all());
        assertEquals(java.util.Optional.empty(), verifier("prod.cluster-x.us-west-2.rds.amazonaws.com:6432", "us-west-2").reject(r.out().strip(), "app"));
    }

    @Test
    void tokenRefusesPasswordTargets() {
        Path config = sb.config(sb.target("pw", "app", "password_env: X"));
        Cli.Result r = cli.run("token", "--config", config.toString(), "--target", "pw");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("pgauth psql --target pw"), r.err());
        assertEquals(2, cli.run("token").exit(), "a target or --host/--user is required");
    }

    @Test
    void psqlGetsThePasswordInItsEnvironmentNotItsArguments() throws Exception {
        String role = sb.passwordRole("CANARYpsqlpw", true);
        cli.env.put("PW", "CANARYpsqlpw");
        Path config = sb.config(sb.target("pw", role, "password_env: PW"));
        Path out = dir.resolve("psql-saw.txt");
        Path fakePsql = TestFiles.write(dir, "fake-psql", "#!/bin/sh\n{ echo \"ARGS: $*\"; env | grep '^PG' | sort; } > " + out + "\nexit 7\n", "rwx------");
        Cli.Result r = cli.run("psql", "--config", config.toString(), "--target", "pw", "--psql", fakePsql.toString(), "--", "-c", "select 1");
        assertEquals(7, r.exit(), "psql's exit code: " + r.all());
        String saw = Files.readString(out);
        assertTrue(saw.contains("ARGS: -c select 1"), saw);
        assertFalse(saw.lines().filter(l -> l.startsWith("ARGS")).findFirst().orElseThrow().contains("CANARY"), "never on the command line");
        for (String expected : List.of("PGPASSWORD=CANARYpsqlpw", "PGHOST=" + Sandbox.HOST, "PGPORT=" + sb.sandbox.port(), "PGUSER=" + role,
                "PGDATABASE=postgres", "PGSSLMODE=verify-full", "PGSSLROOTCERT=" + sb.sandbox.caFile(), "PGOPTIONS=-c default_transaction_read_only=on",
                "PGAPPNAME=pgauth")) {
            assertTrue(saw.contains(expected), expected + " in:\n" + saw);
        }
        assertFalse(r.all().contains("CANARY"), "pgauth itself prints nothing of it");
    }
}
