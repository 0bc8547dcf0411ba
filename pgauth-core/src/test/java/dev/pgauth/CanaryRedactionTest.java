package dev.pgauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgauth.config.ConfigException;
import dev.pgauth.config.TargetSpec;
import dev.pgauth.config.TargetsConfig;
import dev.pgauth.connect.Connector;
import dev.pgauth.credential.Credential;
import dev.pgauth.doctor.Doctor;
import dev.pgauth.doctor.DoctorReport;
import dev.pgauth.sandbox.KeyFormat;
import dev.pgauth.sandbox.Sandbox;
import dev.pgauth.testkit.Capture;
import dev.pgauth.testing.SandboxFixture;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plants a unique secret in every credential source, runs every success and failure path of the
 * library (connect, doctor, config errors), and scans everything captured for any of them.
 */
class CanaryRedactionTest {
    @TempDir
    Path dir;

    private static String canary(String what) {
        return "CANARY" + what + UUID.randomUUID().toString().replace("-", "");
    }

    @Test
    void noSecretAppearsInLogsOutputExceptionsOrReports() throws Exception {
        SandboxFixture fx = new SandboxFixture(dir);
        List<String> canaries = new ArrayList<>();
        String envPw = canary("env");
        String filePw = canary("file");
        String pgpassPw = canary("pgpass");
        String passphrase = canary("phrase");
        String wrongPw = canary("wrong");
        String wrongPhrase = canary("wrongphrase");
        canaries.addAll(List.of(envPw, filePw, pgpassPw, passphrase, wrongPw, wrongPhrase));

        String envRole = fx.passwordRole(envPw, true);
        String fileRole = fx.passwordRole(filePw, false);
        String pgpassRole = fx.passwordRole(pgpassPw, true);
        fx.env.put("CANARY_PW", envPw);
        fx.env.put("CANARY_WRONG", wrongPw);
        Path pwFile = fx.file("pw", filePw + "\n", "rw-------");
        Path pgpass = fx.file("pgpass", "*:*:*:" + pgpassRole + ":" + pgpassPw + "\n", "rw-------");
        Path openPgpass = fx.file("pgpass-open", "*:*:*:*:" + pgpassPw + "\n", "rw-r--r--");
        SandboxFixture.CertificateRole cert = fx.certificateRole(KeyFormat.PKCS8_ENCRYPTED, passphrase);
        SandboxFixture.CertificateRole badPhrase = fx.certificateRole(KeyFormat.SEC1_EC_ENCRYPTED, passphrase);
        fx.file(badPhrase.passphraseFile().getFileName().toString(), wrongPhrase, "rw-------");

        TargetsConfig config = fx.load(
                fx.target("env", envRole, "password_env: CANARY_PW"),
                fx.target("file", fileRole, "password_file: " + pwFile),
                fx.target("pgpass", pgpassRole, "pgpass_file: " + pgpass),
                fx.target("mtls", cert.role(), cert.yaml()),
                fx.target("wrong-password", envRole, "password_env: CANARY_WRONG"),
                fx.target("open-pgpass", pgpassRole, "pgpass_file: " + openPgpass),
                fx.target("wrong-passphrase", badPhrase.role(), badPhrase.yaml()),
                fx.targetAt("wrong-host", Sandbox.HOST_NOT_IN_CERTIFICATE, envRole, "password_env: CANARY_PW"));

        try (Capture capture = new Capture()) {
            Connector connector = new Connector(fx.providers(), fx.env, Clock.systemUTC());
            int connected = 0;
            for (TargetSpec t : config.targets()) {
                capture.add(t);
                try (Connection c = connector.connect(t)) {
                    connected++;
                    capture.add(c);
                } catch (PgAuthException e) {
                    capture.add(e);
                    capture.add(e.problem());
                    capture.add(e.fix());
                }
                try {
                    Credential credential = connector.resolve(t, Deadline.after(t.connectTimeout(), Clock.systemUTC()));
                    capture.add(credential);
                    capture.add(credential.info());
                } catch (PgAuthException e) {
                    capture.add(e);
                }
            }
            assertEquals(4, connected, "the four good targets connect, the four bad ones fail");
            DoctorReport report = new Doctor(connector, Clock.systemUTC(), 4).run(config, config.targets());
            capture.add(report);
            assertEquals(4, report.targets().stream().filter(r -> r.status() == dev.pgauth.doctor.Status.FAILED).count(), report.toString());

            try {
                fx.load(fx.target("inline", envRole, "password: " + envPw, "password_env: " + wrongPw + "!"));
            } catch (AssertionError e) {
                capture.add(e.getCause() instanceof ConfigException ce ? ce.getMessage() : e.getMessage());
            }
            capture.assertNoneOf(canaries);
            assertTrue(capture.text().contains("wrong-password"), "the capture saw the failures it should scan");
        }
    }
}
