package dev.pgauth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgauth.testkit.Capture;
import dev.pgauth.testkit.SandboxTargets;
import dev.pgauth.testkit.TestFiles;
import dev.pgauth.testkit.gate.GatedSandbox;
import dev.pgauth.testkit.gcp.CloudSqlTokenCheck;
import dev.pgauth.testkit.gcp.FakeGoogle;
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
 * The CLI with gcp_cloudsql_iam and Secret Manager targets: the metadata server and "no identity"
 * need a real process environment (GCE_METADATA_HOST, CLOUDSDK_CONFIG), so those run the CLI as a
 * child process; token, psql and setup run in-process with a key file.
 */
class CliGoogleTest {
    private static final String SA = "cli-collector@pgauth-test.iam.gserviceaccount.com";
    private static final String DB_USER = "cli-collector@pgauth-test.iam";

    @TempDir
    static Path dir;
    static FakeGoogle google;
    static GatedSandbox gate;
    static FakeGoogle.ServiceAccount account;

    @BeforeAll
    static void setUp() throws Exception {
        LoopbackTls.trustSandboxCaByDefault();
        google = new FakeGoogle(Clock.systemUTC());
        gate = new GatedSandbox(new CloudSqlTokenCheck(google), "gcp_cloudsql_iam");
        account = google.serviceAccount(SA);
        gate.allow(DB_USER);
    }

    @AfterAll
    static void tearDown() throws Exception {
        gate.close();
        google.close();
    }

    /** The CLI in a child JVM with exactly this Google environment (and no gcloud configuration). */
    private static Cli.Result child(Map<String, String> env, String... args) throws Exception {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("CLOUDSDK_CONFIG", dir.resolve("no-gcloud").toString());
        return Cli.child(List.of("GOOGLE_", "GCE_", "CLOUDSDK_"), all, args);
    }

    private static Path config(String name, String... extra) {
        return TestFiles.secret(dir, name + ".yaml", "targets:\n" + gate.target(name, DB_USER, extra));
    }

    @Test
    void doctorWithTheMetadataServerAsTheIdentity() throws Exception {
        google.metadataServiceAccount(SA);
        Cli.Result r = child(Map.of("GCE_METADATA_HOST", google.metadataHost()), "doctor", "--config", config("metadata").toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("1 ok"), r.out());
        assertTrue(google.calls().contains("metadata " + SA + " token"), google.calls().toString());

        Map<String, String> env = new java.util.HashMap<>(Map.of("GCE_METADATA_HOST", google.metadataHost()));
        env.put("CLOUDSDK_CONFIG", dir.resolve("no-gcloud").toString());
        Cli.Result jdbc = Cli.childJava(JdbcChild.class, List.of("GOOGLE_", "GCE_", "CLOUDSDK_"), env,
                "jdbc:pgauth:metadata?pgauth.config=" + config("metadata"));
        assertEquals(0, jdbc.exit(), jdbc.err());
        assertEquals(DB_USER, jdbc.out().strip());
    }

    @Test
    void noIdentityListsTheSourcesTriedAndHowToFixEach() throws Exception {
        Cli.Result r = child(Map.of(), "doctor", "--config", config("none").toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("no Google identity found; tried GOOGLE_APPLICATION_CREDENTIALS (not set); the gcloud ADC file "
                + dir.resolve("no-gcloud").resolve("application_default_credentials.json") + " (absent); the metadata server metadata.google.internal"), r.out());
        assertTrue(r.out().contains("gcloud auth application-default login"), r.out());
    }

    @Test
    void tokenPrintsATokenCloudSqlAccepts() {
        Cli cli = new Cli(dir);
        cli.env.put("GOOGLE_APPLICATION_CREDENTIALS", TestFiles.secret(dir, "key.json", google.keyFile(account)).toString());
        Cli.Result r = cli.run("token", "--config", config("token").toString(), "--target", "token");
        assertEquals(0, r.exit(), r.all());
        assertEquals(Optional.empty(), new CloudSqlTokenCheck(google).reject(r.out().strip(), DB_USER));
        assertTrue(r.err().isEmpty(), r.err());
    }

    @Test
    void psqlGetsTheTokenInItsEnvironment() throws Exception {
        Cli cli = new Cli(dir);
        cli.env.put("GOOGLE_APPLICATION_CREDENTIALS", TestFiles.secret(dir, "key-psql.json", google.keyFile(account)).toString());
        Path out = dir.resolve("psql-saw.txt");
        Path fakePsql = TestFiles.write(dir, "fake-psql", "#!/bin/sh\nenv | grep '^PG' | sort > " + out + "\n", "rwx------");
        Cli.Result r = cli.run("psql", "--config", config("psql").toString(), "--target", "psql", "--psql", fakePsql.toString());
        assertEquals(0, r.exit(), r.all());
        String password = Files.readString(out).lines().filter(l -> l.startsWith("PGPASSWORD=")).findFirst().orElseThrow().substring(11);
        assertEquals(Optional.empty(), new CloudSqlTokenCheck(google).reject(password, DB_USER));
        assertFalse(r.all().contains(password));
    }

    @Test
    void verboseDoctorDisclosesNoTokenNorKey() {
        Cli cli = new Cli(dir);
        String keyFile = google.keyFile(account);
        cli.env.put("GOOGLE_APPLICATION_CREDENTIALS", TestFiles.secret(dir, "key-canary.json", keyFile).toString());
        cli.env.put("PGAUTH_GCP_IAM_CREDENTIALS_ENDPOINT", google.endpoint());
        cli.env.put("PGAUTH_GCP_SECRET_MANAGER_ENDPOINT", google.endpoint());
        google.grantSecretAccess(SA, "projects/pgauth-test/secrets/canary");
        google.secretVersion("projects/pgauth-test/secrets/canary", "CANARYgsm-never-printed", FakeGoogle.State.ENABLED);
        SandboxTargets sb = new SandboxTargets(dir);
        Path cfg = TestFiles.secret(dir, "canary.yaml", "targets:\n" + gate.target("ok", DB_USER) + gate.target("wrong-user", "someone@pgauth-test.iam")
                + gate.target("no-impersonation", DB_USER, "gcp_impersonate_service_account: other@pgauth-test.iam.gserviceaccount.com")
                + sb.target("gsm", "nobody", "auth_method: secret_store", "secret_ref: projects/pgauth-test/secrets/canary/versions/latest"));
        try (Capture capture = new Capture()) {
            Cli.Result r = cli.run("doctor", "--verbose", "--config", cfg.toString());
            capture.add(r.out());
            capture.add(r.err());
            List<String> canaries = new ArrayList<>(google.issuedTokens());
            canaries.add(keyFile.split("\\\\n")[1]);
            canaries.add("CANARYgsm-never-printed");
            capture.assertNoneOf(canaries);
            assertTrue(capture.text().contains("org.postgresql"), "verbose logging was on and scanned");
            assertTrue(r.out().contains("1 ok"), r.out());
            assertFalse(google.issuedTokens().isEmpty());
        }
    }

    @Test
    void setupPrintsTheGcloudStepsAndTheGrants() {
        SandboxTargets sb = new SandboxTargets(dir);
        Path cfg = TestFiles.secret(dir, "setup.yaml", "targets:\n" + gate.target("cloudsql", DB_USER)
                + sb.target("gsm", "app", "auth_method: secret_store", "secret_ref: projects/pgauth-test/secrets/db/versions/latest"));
        Cli.Result r = new Cli(dir).run("setup", "--config", cfg.toString(), "--target", "cloudsql");
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().contains("gcloud sql users create " + SA + " --instance=<instance> --type=cloud_iam_service_account"), r.out());
        assertTrue(r.out().contains("GRANT pg_monitor TO \"" + DB_USER + "\";"), r.out());
        assertTrue(r.out().contains("roles/cloudsql.instanceUser"), r.out());
        Cli.Result vault = new Cli(dir).run("setup", "--config", cfg.toString(), "--target", "gsm");
        assertEquals(0, vault.exit(), vault.all());
        assertTrue(vault.out().contains("gcloud secrets add-iam-policy-binding db --project=pgauth-test --member=<principal> --role=roles/secretmanager.secretAccessor"),
                vault.out());
    }
}
