package dev.pgauth.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgauth.FailureCategory;
import dev.pgauth.config.TargetsConfig;
import dev.pgauth.connect.Blackhole;
import dev.pgauth.sandbox.CertificateAuthority;
import dev.pgauth.sandbox.KeyFormat;
import dev.pgauth.sandbox.Sandbox;
import dev.pgauth.testing.SandboxFixture;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DoctorEndToEndTest {
    @TempDir
    Path dir;
    SandboxFixture fx;

    @BeforeEach
    void setUp() {
        fx = new SandboxFixture(dir);
    }

    private Map<String, TargetReport> run(String... targets) {
        return run(Clock.systemUTC(), targets);
    }

    private Map<String, TargetReport> run(Clock clock, String... targets) {
        TargetsConfig config = fx.load(targets);
        DoctorReport report = new Doctor(new dev.pgauth.connect.Connector(fx.providers(), fx.env, clock), clock, Doctor.DEFAULT_PARALLELISM)
                .run(config, config.targets());
        assertEquals(config.targets().size(), report.targets().size());
        return report.targets().stream().collect(Collectors.toMap(TargetReport::name, Function.identity()));
    }

    private static List<String> stepNames(TargetReport r) {
        return r.steps().stream().map(Step::name).toList();
    }

    private static void assertFailed(TargetReport r, FailureCategory category, String step) {
        assertEquals(Status.FAILED, r.status(), r.toString());
        assertEquals(category, r.category().orElseThrow(), r.toString());
        Step last = r.steps().get(r.steps().size() - 1);
        assertEquals(step, last.name(), r.toString());
        assertEquals(Status.FAILED, last.status());
        assertTrue(!r.failure().orElseThrow().fix().isBlank());
    }

    @Test
    void healthyTargetsReportEveryStepTlsAndRoleFacts() {
        String role = fx.passwordRole("pw", true);
        fx.env.put("PW", "pw");
        SandboxFixture.CertificateRole cert = fx.certificateRole(KeyFormat.PKCS8, null);
        Map<String, TargetReport> r = run(fx.target("pw", role, "password_env: PW"), fx.target("cert", cert.role(), cert.yaml()));
        for (TargetReport t : r.values()) {
            assertEquals(Status.OK, t.status(), t.toString());
            assertEquals(List.of("dns", "tcp", "tls", "credential", "login", "role"), stepNames(t));
            assertTrue(t.tls().protocol().startsWith("TLSv1."), t.tls().protocol());
            assertTrue(t.tls().serverSubject().contains("CN=localhost"));
            assertTrue(t.tls().daysToExpiry(java.time.Instant.now()) >= 0);
            assertTrue(t.role().pgMonitor());
            assertTrue(t.role().readOnlySession());
            assertTrue(t.role().serverVersion().startsWith("17"));
        }
        assertEquals("password_env PW", r.get("pw").credentialSource());
        assertTrue(r.get("cert").credentialSource().startsWith("sslcert "));
    }

    @Test
    void serverCertificateCloseToExpiryIsAWarning() {
        String role = fx.passwordRole("pw", true);
        fx.env.put("PW", "pw");
        Clock nearExpiry = Clock.offset(Clock.systemUTC(), Sandbox.SERVER_CERTIFICATE_VALIDITY.minusDays(10));
        TargetReport t = run(nearExpiry, fx.target("expiring", role, "password_env: PW")).get("expiring");
        assertEquals(Status.WARNING, t.status(), t.toString());
        Finding f = t.findings().get(0);
        assertEquals(FailureCategory.TLS, f.category());
        assertTrue(f.problem().matches("the server certificate expires in (9|10) days"), f.problem());
    }

    @Test
    void roleWithoutPgMonitorIsAWarningWithTheGrant() {
        String role = fx.passwordRole("pw", false);
        fx.env.put("PW", "pw");
        TargetReport t = run(fx.target("nomon", role, "password_env: PW")).get("nomon");
        assertEquals(Status.WARNING, t.status());
        Finding f = t.findings().get(0);
        assertEquals(FailureCategory.PERMISSION, f.category());
        assertEquals("GRANT pg_monitor TO " + role + ";", f.fix());
    }

    @Test
    void superuserAndReplicationRolesAreUnsafe() {
        String role = SandboxFixture.uniqueRole("su");
        fx.sandbox.execute("CREATE ROLE " + role + " LOGIN SUPERUSER REPLICATION PASSWORD 'pw'");
        fx.env.put("PW", "pw");
        TargetReport t = run(fx.target("su", role, "password_env: PW")).get("su");
        assertEquals(Status.FAILED, t.status());
        assertEquals(FailureCategory.UNSAFE_ROLE, t.category().orElseThrow());
        assertTrue(t.failure().orElseThrow().problem().contains("SUPERUSER, REPLICATION"));
    }

    @Test
    void eachFailureIsClassifiedAtTheRightStep() throws Exception {
        String role = fx.passwordRole("right", true);
        fx.env.put("WRONG", "wrong");
        fx.env.put("RIGHT", "right");
        SandboxFixture.CertificateRole cert = fx.certificateRole(KeyFormat.PKCS1_RSA_ENCRYPTED, "right");
        fx.file(cert.passphraseFile().getFileName().toString(), "wrong", "rw-------");
        Path otherCa = dir.resolve("other.pem");
        CertificateAuthority.writeCertificates(otherCa, CertificateAuthority.create("other").certificate());
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(Sandbox.HOST))) {
            closedPort = s.getLocalPort();
        }
        Map<String, TargetReport> r = run(
                fx.target("wrong-password", role, "password_env: WRONG"),
                fx.target("wrong-passphrase", cert.role(), cert.yaml()),
                fx.target("other-ca", role, "password_env: RIGHT").replace(fx.sandbox.caFile().toString(), otherCa.toString()),
                fx.targetAt("san-mismatch", Sandbox.HOST_NOT_IN_CERTIFICATE, role, "password_env: RIGHT"),
                fx.target("no-db", role, "password_env: RIGHT").replace("dbname: postgres", "dbname: missing_db"),
                fx.target("closed-port", role, "password_env: RIGHT").replace("port: " + fx.sandbox.port(), "port: " + closedPort),
                fx.targetAt("unknown-host", "no-such-host.invalid", role, "password_env: RIGHT"),
                fx.target("unset-var", role, "password_env: PGAUTH_TEST_NOT_SET"));
        assertFailed(r.get("wrong-password"), FailureCategory.AUTH_REJECTED, "login");
        assertFailed(r.get("wrong-passphrase"), FailureCategory.CREDENTIAL, "credential");
        assertFailed(r.get("other-ca"), FailureCategory.TLS, "tls");
        assertFailed(r.get("san-mismatch"), FailureCategory.TLS, "tls");
        assertTrue(r.get("san-mismatch").failure().orElseThrow().problem().contains("not valid for host"));
        assertFailed(r.get("no-db"), FailureCategory.NO_SUCH_DATABASE, "login");
        assertFailed(r.get("closed-port"), FailureCategory.NETWORK, "tcp");
        assertFailed(r.get("unknown-host"), FailureCategory.DNS, "dns");
        assertFailed(r.get("unset-var"), FailureCategory.CREDENTIAL, "credential");
        assertNull(r.get("other-ca").role());
        assertNotNull(r.get("wrong-password").tls(), "TLS was verified before the credential was used");
    }

    @Test
    void disabledTargetsAreSkippedNotConnected() {
        TargetReport t = run(fx.target("off", "nobody", "password_env: PGAUTH_TEST_NOT_SET", "enabled: false")).get("off");
        assertEquals(Status.SKIPPED, t.status());
        assertTrue(t.steps().isEmpty());
    }

    @Test
    void aTargetThatNeverAnswersCostsOnlyItsOwnDeadline() throws Exception {
        String role = fx.passwordRole("pw", true);
        fx.env.put("PW", "pw");
        try (Blackhole hole = new Blackhole()) {
            Map<String, TargetReport> r = run(
                    fx.target("hang", role, "password_env: PW", "connect_timeout: 3s").replace("port: " + fx.sandbox.port(), "port: " + hole.port()),
                    fx.target("ok-1", role, "password_env: PW", "connect_timeout: 60s"),
                    fx.target("ok-2", role, "password_env: PW", "connect_timeout: 60s"));
            TargetReport hang = r.get("hang");
            assertFailed(hang, FailureCategory.TIMEOUT, "tls");
            assertTrue(hang.millis() >= 2_900, "the hanging target waited for its deadline: " + hang.millis());
            for (String ok : List.of("ok-1", "ok-2")) {
                assertEquals(Status.OK, r.get(ok).status());
                assertTrue(r.get(ok).millis() < hang.millis(), ok + " was not held up by the hanging target");
            }
        }
    }
}
