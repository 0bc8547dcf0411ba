package dev.pgauth.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgauth.FailureCategory;
import dev.pgauth.PgAuthException;
import dev.pgauth.config.TargetSpec;
import dev.pgauth.sandbox.CertificateAuthority;
import dev.pgauth.sandbox.KeyFormat;
import dev.pgauth.sandbox.Sandbox;
import dev.pgauth.testing.SandboxFixture;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every password source and every client-key format against a real PostgreSQL over verified TLS. */
class ConnectorEndToEndTest {
    @TempDir
    Path dir;
    SandboxFixture fx;

    @BeforeEach
    void setUp() {
        fx = new SandboxFixture(dir);
    }

    /** Session facts: who, whether TLS, whether read-only, which application name, client certificate DN. */
    private record Session(String user, boolean ssl, String readOnly, String applicationName, String clientDn) {
    }

    private Session connect(TargetSpec target) throws Exception {
        try (Connection c = fx.connector().connect(target);
             ResultSet rs = c.createStatement().executeQuery("""
                     select current_user, s.ssl, current_setting('default_transaction_read_only'),
                            current_setting('application_name'), s.client_dn
                     from pg_stat_ssl s where s.pid = pg_backend_pid()""")) {
            rs.next();
            return new Session(rs.getString(1), rs.getBoolean(2), rs.getString(3), rs.getString(4), rs.getString(5));
        }
    }

    private PgAuthException failure(TargetSpec target, FailureCategory expected) {
        PgAuthException e = assertThrows(PgAuthException.class, () -> fx.connector().connect(target).close());
        assertEquals(expected, e.category(), e.getMessage());
        assertTrue(e.getMessage().startsWith("target " + target.name() + ": "), e.getMessage());
        assertTrue(e.fix() != null && !e.fix().isBlank(), "every failure says how to fix it");
        return e;
    }

    @Test
    void passwordEnvLogsInReadOnlyOverTlsWithApplicationName() throws Exception {
        String role = fx.passwordRole("env-pass-1", true);
        fx.env.put("APP_PW", "env-pass-1");
        Session s = connect(fx.single(fx.target("env", role, "password_env: APP_PW", "application_name: e2e-test")));
        assertEquals(new Session(role, true, "on", "e2e-test", null), s);
    }

    @Test
    void sessionsAreReadOnlyUnlessTheTargetSaysOtherwise() throws Exception {
        String role = fx.passwordRole("rw", false);
        fx.env.put("RW_PW", "rw");
        try (Connection c = fx.connector().connect(fx.single(fx.target("ro", role, "password_env: RW_PW")))) {
            SQLException e = assertThrows(SQLException.class, () -> c.createStatement().execute("create temp table t(x int)"));
            assertEquals("25006", e.getSQLState(), "read-only transaction");
        }
        try (Connection c = fx.connector().connect(fx.single(fx.target("rw", role, "password_env: RW_PW", "read_only: false")))) {
            c.createStatement().execute("create temp table t(x int)");
            assertEquals(1, c.createStatement().executeUpdate("insert into t values (1)"));
        }
    }

    @Test
    void passwordFileStripsOneTrailingNewline() throws Exception {
        String role = fx.passwordRole("file pass ", true);
        Path file = fx.file("pw", "file pass \n", "rw-------");
        assertEquals(role, connect(fx.single(fx.target("file", role, "password_file: " + file))).user());
    }

    @Test
    void passwordFileWithCrlfAndOnlyOneNewlineStripped() throws Exception {
        String role = fx.passwordRole("crlf\n", false);
        Path file = fx.file("pw2", "crlf\n\r\n", "rw-------");
        assertEquals(role, connect(fx.single(fx.target("crlf", role, "password_file: " + file))).user());
    }

    @Test
    void pgpassFileFindsTheMatchingLine() throws Exception {
        String role = fx.passwordRole("pg:pass\\word", true);
        Path pgpass = fx.file("pgpass", "# sandbox\nother:1:*:*:nope\n" + Sandbox.HOST + ":" + fx.sandbox.port() + ":postgres:" + role + ":pg\\:pass\\\\word\n", "rw-------");
        assertEquals(role, connect(fx.single(fx.target("pgpass", role, "pgpass_file: " + pgpass))).user());
    }

    @Test
    void pgpassReadableByOthersIsRefusedWithTheChmodFix() {
        String role = fx.passwordRole("x", false);
        Path pgpass = fx.file("pgpass-open", "*:*:*:*:x\n", "rw-r--r--");
        PgAuthException e = failure(fx.single(fx.target("open", role, "pgpass_file: " + pgpass)), FailureCategory.CREDENTIAL);
        assertTrue(e.fix().contains("chmod 0600 " + pgpass), e.getMessage());
    }

    @Test
    void pgpassWithoutAMatchingLineSaysWhatItLookedFor() {
        String role = fx.passwordRole("x", false);
        Path pgpass = fx.file("pgpass-miss", "elsewhere:5432:*:*:x\n", "rw-------");
        PgAuthException e = failure(fx.single(fx.target("miss", role, "pgpass_file: " + pgpass)), FailureCategory.CREDENTIAL);
        assertTrue(e.problem().contains(Sandbox.HOST + ":" + fx.sandbox.port() + ":postgres:" + role), e.getMessage());
    }

    @Test
    void missingOrEmptyPasswordVariableNamesTheVariable() {
        String role = fx.passwordRole("x", false);
        TargetSpec t = fx.single(fx.target("noenv", role, "password_env: PGAUTH_TEST_UNSET_VAR"));
        assertTrue(failure(t, FailureCategory.CREDENTIAL).problem().contains("PGAUTH_TEST_UNSET_VAR"));
        fx.env.put("PGAUTH_TEST_UNSET_VAR", "");
        assertTrue(failure(t, FailureCategory.CREDENTIAL).problem().contains("is empty"));
    }

    @Test
    void emptyPasswordFileIsAnError() {
        Path file = fx.file("empty", "\n", "rw-------");
        assertTrue(failure(fx.single(fx.target("empty", "anyone", "password_file: " + file)), FailureCategory.CREDENTIAL).problem().contains("is empty"));
    }

    @Test
    void wrongPasswordIsRejectedByTheServer() {
        String role = fx.passwordRole("right", false);
        fx.env.put("WRONG_PW", "wrong");
        PgAuthException e = failure(fx.single(fx.target("wrong", role, "password_env: WRONG_PW")), FailureCategory.AUTH_REJECTED);
        assertTrue(e.fix().contains("WRONG_PW"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(KeyFormat.class)
    void mtlsLogsInWithEveryKeyFormat(KeyFormat format) throws Exception {
        SandboxFixture.CertificateRole cert = fx.certificateRole(format, format.encrypted() ? "key pass phrase" : null);
        Session s = connect(fx.single(fx.target("mtls", cert.role(), cert.yaml())));
        assertEquals(cert.role(), s.user());
        assertTrue(s.clientDn().contains(Sandbox.clientCommonName(cert.role())), s.clientDn());
    }

    @ParameterizedTest
    @EnumSource(value = KeyFormat.class, names = {"PKCS8_ENCRYPTED", "PKCS1_RSA_ENCRYPTED", "SEC1_EC_ENCRYPTED"})
    void wrongPassphraseIsAClearCredentialError(KeyFormat format) {
        SandboxFixture.CertificateRole cert = fx.certificateRole(format, "right passphrase");
        fx.file(cert.passphraseFile().getFileName().toString(), "wrong passphrase\n", "rw-------");
        PgAuthException e = failure(fx.single(fx.target("pass", cert.role(), cert.yaml())), FailureCategory.CREDENTIAL);
        assertTrue(e.problem().contains("does not decrypt"), e.getMessage());
    }

    @Test
    void encryptedKeyWithoutPassphraseFileSaysSo() {
        SandboxFixture.CertificateRole cert = fx.certificateRole(KeyFormat.PKCS8_ENCRYPTED, "pp");
        TargetSpec t = fx.single(fx.target("nopass", cert.role(), "auth_method: mtls", "sslcert: " + cert.cert(), "sslkey: " + cert.key()));
        assertTrue(failure(t, FailureCategory.CREDENTIAL).fix().contains("sslkey_passphrase_file"));
    }

    @Test
    void keyOfAnotherCertificateIsRefusedBeforeConnecting() {
        SandboxFixture.CertificateRole a = fx.certificateRole(KeyFormat.PKCS8, null);
        SandboxFixture.CertificateRole b = fx.certificateRole(KeyFormat.PKCS8, null);
        TargetSpec t = fx.single(fx.target("mismatch", a.role(), "auth_method: mtls", "sslcert: " + a.cert(), "sslkey: " + b.key()));
        assertTrue(failure(t, FailureCategory.CREDENTIAL).problem().contains("is not the private key"));
    }

    @Test
    void certificateForAnotherRoleIsRejectedByTheServer() {
        SandboxFixture.CertificateRole a = fx.certificateRole(KeyFormat.SEC1_EC, null);
        String other = SandboxFixture.uniqueRole("cert");
        fx.sandbox.createCertificateRole(other, true);
        TargetSpec t = fx.single(fx.target("wrongrole", other, a.yaml()));
        PgAuthException e = failure(t, FailureCategory.AUTH_REJECTED);
        assertTrue(e.fix().contains("pg_ident.conf"), e.getMessage());
    }

    @Test
    void certificateFromAnUnknownCaIsRejectedByTheServer() {
        String role = SandboxFixture.uniqueRole("cert");
        fx.sandbox.createCertificateRole(role, true);
        CertificateAuthority.IssuedCertificate foreign = CertificateAuthority.create("foreign CA").issueClient(Sandbox.clientCommonName(role), false);
        SandboxFixture.CertificateRole cert = fx.writeCertificate(role, foreign, KeyFormat.PKCS8, null);
        PgAuthException e = assertThrows(PgAuthException.class, () -> fx.connector().connect(fx.single(fx.target("foreign", role, cert.yaml()))).close());
        assertTrue(List.of(FailureCategory.AUTH_REJECTED, FailureCategory.TLS, FailureCategory.NETWORK).contains(e.category()), e.getMessage());
    }

    @Test
    void serverSignedByAnotherCaIsNotTrusted() {
        String role = fx.passwordRole("pw", false);
        Path otherCa = dir.resolve("other-ca.pem");
        CertificateAuthority.writeCertificates(otherCa, CertificateAuthority.create("other CA").certificate());
        fx.env.put("PW", "pw");
        String yaml = fx.target("otherca", role, "password_env: PW").replace(fx.sandbox.caFile().toString(), otherCa.toString());
        PgAuthException e = failure(fx.single(yaml), FailureCategory.TLS);
        assertTrue(e.problem().contains("not signed by a CA in sslrootcert_file"), e.getMessage());
    }

    @Test
    void aBundleOfSeveralCasWorks() throws Exception {
        String role = fx.passwordRole("pw", false);
        Path bundle = dir.resolve("bundle.pem");
        CertificateAuthority.writeCertificates(bundle, CertificateAuthority.create("other CA").certificate(), fx.sandbox.certificateAuthority().certificate());
        fx.env.put("PW", "pw");
        String yaml = fx.target("bundle", role, "password_env: PW").replace(fx.sandbox.caFile().toString(), bundle.toString());
        assertEquals(role, connect(fx.single(yaml)).user());
    }

    @Test
    void verifyFullChecksTheHostNameButVerifyCaDoesNot() throws Exception {
        String role = fx.passwordRole("pw", false);
        fx.env.put("PW", "pw");
        PgAuthException e = failure(fx.single(fx.targetAt("san", Sandbox.HOST_NOT_IN_CERTIFICATE, role, "password_env: PW")), FailureCategory.TLS);
        assertTrue(e.problem().contains("not valid for host " + Sandbox.HOST_NOT_IN_CERTIFICATE), e.getMessage());
        assertEquals(role, connect(fx.single(fx.targetAt("ca", Sandbox.HOST_NOT_IN_CERTIFICATE, role, "password_env: PW", "sslmode: verify-ca"))).user());
        assertEquals(role, connect(fx.single(fx.targetAt("byname", "localhost", role, "password_env: PW"))).user());
    }

    @Test
    void weakTlsIsUsableInDevOnlyWhenAllowed() throws Exception {
        String role = fx.passwordRole("pw", false);
        fx.env.put("PW", "pw");
        fx.env.put("PGAUTH_ALLOW_INSECURE_PG_TLS", "true");
        Session s = connect(fx.single(fx.targetAt("weak", Sandbox.HOST_NOT_IN_CERTIFICATE, role, "password_env: PW", "sslmode: require")));
        assertTrue(s.ssl());
    }

    @Test
    void nothingListeningIsANetworkFailure() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(Sandbox.HOST))) {
            port = s.getLocalPort();
        }
        fx.env.put("PW", "pw");
        String yaml = fx.target("closed", "nobody", "password_env: PW").replace("port: " + fx.sandbox.port(), "port: " + port);
        failure(fx.single(yaml), FailureCategory.NETWORK);
    }

    @Test
    void unknownDatabaseIsClassified() {
        String role = fx.passwordRole("pw", false);
        fx.env.put("PW", "pw");
        String yaml = fx.target("nodb", role, "password_env: PW").replace("dbname: postgres", "dbname: no_such_db");
        assertTrue(failure(fx.single(yaml), FailureCategory.NO_SUCH_DATABASE).problem().contains("no_such_db"));
    }

    @Test
    void connectTimeoutBoundsAServerThatNeverAnswers() throws Exception {
        try (Blackhole hole = new Blackhole()) {
            fx.env.put("PW", "pw");
            String yaml = fx.target("hole", "nobody", "password_env: PW", "connect_timeout: 1s").replace("port: " + fx.sandbox.port(), "port: " + hole.port());
            failure(fx.single(yaml), FailureCategory.TIMEOUT);
        }
    }

    @Test
    void durationDefaultsAreSane() {
        assertEquals(Duration.ofSeconds(10), fx.single(fx.target("d", "u", "password_env: X")).connectTimeout());
    }
}
