package dev.pgauth.cli;

import dev.pgauth.testkit.SandboxTargets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgauth.sandbox.KeyFormat;
import dev.pgauth.testkit.Capture;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every CLI path that touches a credential, with canaries planted in every source; nothing may print one. */
class CliCanaryTest {
    @TempDir
    Path dir;

    private static String canary(String what) {
        return "CANARY" + what + UUID.randomUUID().toString().replace("-", "");
    }

    @Test
    void checkDoctorAndSetupNeverPrintACredential() {
        Cli cli = new Cli(dir);
        SandboxTargets sb = new SandboxTargets(dir);
        String envPw = canary("env");
        String filePw = canary("file");
        String pgpassPw = canary("pgpass");
        String wrongPw = canary("wrong");
        String phrase = canary("phrase");
        List<String> canaries = List.of(envPw, filePw, pgpassPw, wrongPw, phrase);

        String envRole = sb.passwordRole(envPw, true);
        String fileRole = sb.passwordRole(filePw, false);
        String pgpassRole = sb.passwordRole(pgpassPw, true);
        cli.env.put("CANARY_PW", envPw);
        cli.env.put("CANARY_WRONG", wrongPw);
        String certRole = "cli_cert_canary";
        sb.sandbox.createCertificateRole(certRole, true);
        var issued = sb.sandbox.issueClientCertificate(certRole, true);
        issued.writeCertificate(dir.resolve("c.crt"));
        issued.writeKey(dir.resolve("c.key"), KeyFormat.PKCS1_RSA_ENCRYPTED, phrase.toCharArray());
        sb.file("c.pass", phrase);
        sb.file("wrong.pass", wrongPw);

        Path good = sb.config(
                sb.target("env", envRole, "password_env: CANARY_PW"),
                sb.target("file", fileRole, "password_file: " + sb.file("pw", filePw)),
                sb.target("pgpass", pgpassRole, "pgpass_file: " + sb.file("pgpass", "*:*:*:*:" + pgpassPw)),
                sb.target("mtls", certRole, "auth_method: mtls", "sslcert: c.crt", "sslkey: c.key", "sslkey_passphrase_file: c.pass"),
                sb.target("wrong", envRole, "password_env: CANARY_WRONG"),
                sb.target("wrong-phrase", certRole, "auth_method: mtls", "sslcert: c.crt", "sslkey: c.key", "sslkey_passphrase_file: wrong.pass"));
        Path bad = sb.config(sb.target("inline", envRole, "password: " + envPw, "password_env: " + wrongPw + "-not-a-name"));

        try (Capture capture = new Capture()) {
            // --verbose first: the quiet runs switch java.util.logging off for the rest of this JVM.
            for (String[] args : List.of(
                    new String[] {"doctor", "--verbose", "--config", good.toString()},
                    new String[] {"check", "--config", good.toString()},
                    new String[] {"check", "--config", bad.toString()},
                    new String[] {"doctor", "--config", good.toString()},
                    new String[] {"doctor", "--json", "--config", good.toString()},
                    new String[] {"doctor", "--config", bad.toString()},
                    new String[] {"setup", "--config", good.toString(), "--target", "env"},
                    new String[] {"setup", "--config", good.toString(), "--target", "mtls"})) {
                Cli.Result r = cli.run(args);
                capture.add(String.join(" ", args) + " -> " + r.exit());
                capture.add(r.out());
                capture.add(r.err());
            }
            capture.assertNoneOf(canaries);
            String all = capture.text();
            assertTrue(all.contains("wrong-phrase") && all.contains("auth_rejected") && all.contains("credential"), "the failure paths ran");
            assertTrue(all.contains("org.postgresql"), "pgjdbc's own logs were captured and scanned");
            assertEquals(1, cli.run("doctor", "--config", good.toString()).exit());
        }
    }
}
