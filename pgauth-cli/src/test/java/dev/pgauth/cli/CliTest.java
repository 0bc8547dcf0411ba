package dev.pgauth.cli;

import dev.pgauth.testkit.SandboxTargets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    @TempDir
    Path dir;
    Cli cli;
    SandboxTargets sb;

    @BeforeEach
    void setUp() {
        cli = new Cli(dir);
        sb = new SandboxTargets(dir);
    }

    @Test
    void helpListsTheCommandsAndConfigLookup() {
        Cli.Result r = cli.run("--help");
        assertEquals(0, r.exit());
        for (String s : new String[] {"check", "doctor", "setup", "demo", "PGAUTH_CONFIG", "/etc/pgauth/pgauth.yaml", "Exit codes"}) {
            assertTrue(r.out().contains(s), s + " missing from:\n" + r.out());
        }
        assertEquals(0, cli.run("doctor", "--help").exit());
        assertTrue(cli.run("doctor", "--help").out().contains("--json"));
    }

    @Test
    void unknownCommandOrOptionIsAUsageError() {
        assertEquals(2, cli.run("frobnicate").exit());
        assertEquals(2, cli.run("check", "--nope").exit());
    }

    @Test
    void checkAcceptsAValidFileAndPrintsWarningsOnStderr() {
        cli.env.put("PGAUTH_ALLOW_INSECURE_PG_TLS", "true");
        Path config = sb.config(sb.target("a", "u", "password_env: X"), sb.target("b", "u", "password_env: X", "sslmode: require"));
        Cli.Result r = cli.run("check", "--config", config.toString());
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().contains("valid; 2 targets (2 enabled), env dev, 1 warnings"), r.out());
        assertTrue(r.err().startsWith("warning: b: sslmode: "), r.err());
    }

    @Test
    void checkReportsEveryErrorOnItsOwnLineStartingWithTheTarget() {
        Path config = sb.config(sb.target("a", "u", "password_env: X", "auth-method: password"),
                sb.target("b", "u", "password_env: X", "port: 0"), "  - name: c\n    host: h\n    user: u\n    auth_method: aws_rds_iam\n    sslmode: require\n    password_file: x\n");
        Cli.Result r = cli.run("check", "-c", config.toString());
        assertEquals(2, r.exit());
        String[] lines = r.err().strip().split("\n");
        assertTrue(lines.length >= 5, r.err());
        for (String line : lines) {
            assertTrue(line.matches("^(a|b|c|warning: c): [a-z_-]+: .*"), "line does not start with target and key: " + line);
        }
        assertTrue(r.err().contains("a: auth-method: unknown key. Did you mean 'auth_method'?"), r.err());
        assertTrue(r.out().contains("errors; nothing was connected"), r.out());
    }

    @Test
    void configIsFoundThroughPgauthConfigThenTheWorkingDirectory() throws Exception {
        Cli.Result none = cli.run("check");
        assertEquals(2, none.exit());
        assertTrue(none.err().contains("no targets file found") && none.err().contains(dir.resolve("pgauth.yaml").toString()), none.err());

        Files.writeString(dir.resolve("pgauth.yaml"), "env: dev\ntargets:\n" + sb.target("cwd", "u", "password_env: X"));
        assertTrue(cli.run("check").out().contains(dir.resolve("pgauth.yaml") + ": valid"));

        Path other = sb.config(sb.target("env", "u", "password_env: X"));
        cli.env.put("PGAUTH_CONFIG", other.toString());
        assertTrue(cli.run("check").out().contains(other + ": valid"));
        assertEquals(2, cli.run("check", "--config", dir.resolve("missing.yaml").toString()).exit());
    }

    @Test
    void doctorExitsZeroWhenHealthyAndOneWhenATargetFails() {
        String role = sb.passwordRole("good-pw", true);
        cli.env.put("GOOD", "good-pw");
        cli.env.put("BAD", "bad-pw");
        Path config = sb.config(sb.target("good", role, "password_env: GOOD"), sb.target("bad", role, "password_env: BAD"));
        Cli.Result healthy = cli.run("doctor", "--config", config.toString(), "--target", "good");
        assertEquals(0, healthy.exit(), healthy.all());
        assertTrue(healthy.out().contains("ok       good"), healthy.out());
        assertFalse(healthy.out().contains("bad"), "only the selected target");

        Cli.Result all = cli.run("doctor", "--config", config.toString());
        assertEquals(1, all.exit(), all.all());
        assertTrue(all.out().contains("FAILED   bad"), all.out());
        assertTrue(all.out().contains("auth_rejected: the server rejected the password for role " + role), all.out());
        assertTrue(all.out().contains("fix: Check that environment variable BAD holds the role's current password."), all.out());
    }

    @Test
    void doctorJsonIsStableAndComplete() throws Exception {
        String role = sb.passwordRole("pw", false);
        cli.env.put("PW", "pw");
        Path config = sb.config(sb.target("nomon", role, "password_env: PW"), sb.target("off", role, "password_env: PW", "enabled: false"),
                sb.target("broken", role, "password_env: PW").replace("dbname: postgres", "dbname: nope"));
        Cli.Result r = cli.run("doctor", "--json", "--config", config.toString());
        assertEquals(1, r.exit(), r.all());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals(1, json.get("format_version").asInt());
        assertEquals("dev", json.get("env").asText());
        assertFalse(json.get("healthy").asBoolean());
        assertEquals(1, json.get("summary").get("warning").asInt());
        assertEquals(1, json.get("summary").get("skipped").asInt());
        assertEquals(1, json.get("summary").get("failed").asInt());
        JsonNode nomon = json.get("targets").get(0);
        assertEquals("nomon", nomon.get("name").asText());
        assertEquals("warning", nomon.get("status").asText());
        assertTrue(nomon.get("category").isNull());
        assertEquals("permission", nomon.get("findings").get(0).get("category").asText());
        assertEquals("GRANT pg_monitor TO " + role + ";", nomon.get("findings").get(0).get("fix").asText());
        assertEquals("TLSv1.3", nomon.get("tls").get("protocol").asText());
        assertFalse(nomon.get("role").get("superuser").asBoolean());
        assertEquals(6, nomon.get("steps").size());
        assertEquals("skipped", json.get("targets").get(1).get("status").asText());
        JsonNode broken = json.get("targets").get(2);
        assertEquals("no_such_database", broken.get("category").asText());
        assertTrue(broken.get("role").isNull());
    }

    @Test
    void doctorRejectsUnknownTargetNames() {
        Path config = sb.config(sb.target("only", "u", "password_env: X"));
        Cli.Result r = cli.run("doctor", "--config", config.toString(), "--target", "nope");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("nope: target: no target of that name"), r.err());
        assertTrue(r.err().contains("Known targets: only"), r.err());
    }

    @Test
    void setupPrintsRoleSqlAndForMtlsTheHbaAndIdentLines() throws Exception {
        Path cert = dir.resolve("client.crt");
        sb.sandbox.issueClientCertificate("collector", false).writeCertificate(cert);
        Path key = sb.file("client.key", "x");
        Path config = sb.config(sb.target("pw", "app", "password_file: " + sb.file("pw", "x")),
                sb.target("cert", "collector", "auth_method: mtls", "sslcert: " + cert, "sslkey: " + key));
        Cli.Result pw = cli.run("setup", "--config", config.toString(), "--target", "pw");
        assertEquals(0, pw.exit(), pw.all());
        assertTrue(pw.out().contains("CREATE ROLE app LOGIN;"), pw.out());
        assertTrue(pw.out().contains("GRANT pg_monitor TO app;"));
        assertTrue(pw.out().contains("hostssl postgres app <client-cidr> scram-sha-256"));
        Cli.Result mtls = cli.run("setup", "--config", config.toString(), "--target", "cert");
        assertTrue(mtls.out().contains("hostssl postgres collector <client-cidr> cert clientcert=verify-full map=pgauth"), mtls.out());
        assertTrue(mtls.out().contains("pgauth  collector.clients.pgauth.test  collector"), mtls.out());
        assertEquals(2, cli.run("setup", "--config", config.toString()).exit(), "--target is required");

        Path aws = sb.config("  - name: rds\n    host: 127.0.0.1\n    iam_host: db.x.eu-central-1.rds.amazonaws.com\n    user: app\n"
                + "    auth_method: aws_rds_iam\n    sslrootcert_file: system\n  - name: sm\n    host: h\n    user: app\n    auth_method: secret_store\n"
                + "    secret_ref: arn:aws:ssm:us-east-1:123456789012:parameter/db/pw\n    sslrootcert_file: system\n");
        Cli.Result rds = cli.run("setup", "--config", aws.toString(), "--target", "rds");
        assertTrue(rds.out().contains("GRANT rds_iam TO app;"), rds.out());
        assertTrue(rds.out().contains("\"Resource\": \"arn:aws:rds-db:eu-central-1:<account-id>:dbuser:<db-resource-id>/app\""), rds.out());
        Cli.Result sm = cli.run("setup", "--config", aws.toString(), "--target", "sm");
        assertTrue(sm.out().contains("\"Action\": [\"ssm:GetParameter\"]") && sm.out().contains("kms:Decrypt"), sm.out());
    }

    @Test
    void demoRunsDoctorAgainstItsOwnSandbox() {
        Cli.Result r = cli.run("demo");
        assertEquals(0, r.exit(), r.all());
        for (String name : new String[] {"ok       demo-password-env", "ok       demo-password-file", "ok       demo-pgpass", "ok       demo-mtls", "FAILED   demo-broken"}) {
            assertTrue(r.out().contains(name), name + " in:\n" + r.out());
        }
        assertTrue(r.out().contains("auth_rejected"));
    }
}
