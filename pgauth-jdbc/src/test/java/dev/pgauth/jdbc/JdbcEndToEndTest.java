package dev.pgauth.jdbc;

import static dev.pgauth.jdbc.JdbcFixture.whoAmI;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.pgauth.PgAuth;
import dev.pgauth.testkit.Capture;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DriverManager, the pgjdbc plugin, HikariCP and DataSources against the real sandbox. */
class JdbcEndToEndTest {
    @TempDir
    Path dir;
    JdbcFixture fx;

    @BeforeEach
    void setUp() {
        fx = new JdbcFixture(dir);
    }

    @Test
    void driverManagerConnectsToATargetOfTheTargetsFile() throws Exception {
        String role = fx.role("file-pw", true);
        Path config = fx.config(fx.target("app", role, "password_file: " + fx.file("pw", "file-pw\n")));
        try (Connection c = DriverManager.getConnection("jdbc:pgauth:app?pgauth.config=" + config);
             ResultSet rs = c.createStatement().executeQuery("select current_user, current_setting('default_transaction_read_only'), ssl "
                     + "from pg_stat_ssl where pid = pg_backend_pid()")) {
            rs.next();
            assertEquals(role, rs.getString(1));
            assertEquals("on", rs.getString(2));
            assertTrue(rs.getBoolean(3));
        }
    }

    @Test
    void driverManagerConnectsWithAClientCertificateTarget() throws Exception {
        String role = fx.certRole();
        Path config = fx.config(fx.target("cert", role, "auth_method: mtls", "sslcert: " + dir.resolve(role + ".crt"), "sslkey: " + dir.resolve(role + ".key")));
        Properties p = new Properties();
        p.setProperty("pgauth.config", config.toString());
        try (Connection c = DriverManager.getConnection("jdbc:pgauth:cert", p)) {
            assertEquals(role, whoAmI(c));
        }
    }

    @Test
    void standaloneUrlIgnoresAnyPasswordInTheDsn() throws Exception {
        String role = fx.role("from-file", false);
        Path pw = fx.file("pw2", "from-file");
        for (String userInfo : new String[] {role + ":$TOKEN", role + ":Real-Looking-Passw0rd", role}) {
            try (Connection c = DriverManager.getConnection(fx.url(userInfo, "pgauth.password_file=" + pw))) {
                assertEquals(role, whoAmI(c), userInfo);
            }
        }
        Properties withPassword = new Properties();
        withPassword.setProperty("password", "also-ignored");
        try (Connection c = DriverManager.getConnection(fx.url(role, "pgauth.password_file=" + pw), withPassword)) {
            assertEquals(role, whoAmI(c));
        }
    }

    @Test
    void userPrecedenceIsPgauthUserThenUserPropertyThenDsn() throws Exception {
        String a = fx.role("same", false);
        String b = fx.role("same", false);
        Path pw = fx.file("pw-same", "same");
        Properties p = new Properties();
        p.setProperty("user", b);
        try (Connection c = DriverManager.getConnection(fx.url(a, "pgauth.password_file=" + pw), p)) {
            assertEquals(b, whoAmI(c), "the user property overrides the DSN's user");
        }
        try (Connection c = DriverManager.getConnection(fx.url(a, "pgauth.password_file=" + pw, "pgauth.user=" + b))) {
            assertEquals(b, whoAmI(c), "pgauth.user overrides the DSN's user");
        }
    }

    @Test
    void standaloneUrlsFollowTheSameTlsRulesAsTargetsFiles() {
        SQLException weak = assertThrows(SQLException.class, () -> DriverManager.getConnection(
                fx.url("u", "pgauth.password_file=" + fx.file("pw3", "x")).replace("sslmode=verify-full", "sslmode=require")));
        assertEquals("22023", weak.getSQLState());
        assertTrue(weak.getMessage().contains("sslmode: sslmode require does not verify the server"), weak.getMessage());
        SQLException none = assertThrows(SQLException.class, () -> DriverManager.getConnection(fx.url("u")));
        assertTrue(none.getMessage().contains("exactly one of password_env, password_file or pgpass_file"), none.getMessage());
    }

    @Test
    void pgjdbcPropertiesPassThroughButPgauthOwnedOnesAreRefused() throws Exception {
        String role = fx.role("pt", false);
        Path pw = fx.file("pw-pt", "pt");
        try (Connection c = DriverManager.getConnection(fx.url(role, "pgauth.password_file=" + pw, "currentSchema=pg_catalog"));
             ResultSet rs = c.createStatement().executeQuery("select current_schema()")) {
            rs.next();
            assertEquals("pg_catalog", rs.getString(1));
        }
        SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(fx.url(role, "pgauth.password_file=" + pw, "sslfactory=x.Y")));
        assertTrue(e.getMessage().contains("sslfactory: is set by pgauth"), e.getMessage());
        SQLException o = assertThrows(SQLException.class, () -> DriverManager.getConnection(fx.url(role, "pgauth.password_file=" + pw,
                "options=-c%20default_transaction_read_only%3Doff")));
        assertTrue(o.getMessage().contains("options: is set by pgauth"), o.getMessage());
    }

    @Test
    void failuresAreClassifiedSqlExceptions() {
        String role = fx.role("right", false);
        SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(fx.url(role, "pgauth.password_file=" + fx.file("wrong", "wrong"))));
        assertEquals("28P01", e.getSQLState());
        assertTrue(e.getMessage().endsWith("[auth_rejected]"), e.getMessage());
    }

    @Test
    void plainPgjdbcUrlWithThePlugin() throws Exception {
        String role = fx.role("plugin-pw", true);
        Path config = fx.config(fx.target("plugged", role, "password_file: " + fx.file("pw-plugin", "plugin-pw")));
        String base = "jdbc:postgresql://127.0.0.1:" + fx.sandbox.port() + "/postgres?authenticationPluginClassName=" + PgAuthPlugin.class.getName();
        String tls = "&sslmode=verify-full&sslrootcert=" + fx.sandbox.caFile();
        try (Connection c = DriverManager.getConnection(base + tls + "&user=" + role + "&pgauth.target=plugged&pgauth.config=" + config)) {
            assertEquals(role, whoAmI(c));
        }
        try (Connection c = DriverManager.getConnection(base + tls + "&user=" + role + "&pgauth.password_file=" + dir.resolve("pw-plugin"))) {
            assertEquals(role, whoAmI(c), "standalone keys on a plain pgjdbc URL");
        }
        SQLException weak = assertThrows(SQLException.class, () -> DriverManager.getConnection(base + "&sslmode=require&user=" + role
                + "&pgauth.target=plugged&pgauth.config=" + config));
        assertTrue(weak.getMessage().contains("requires sslmode verify-full but this pgjdbc connection uses require"), weak.getMessage());
    }

    @Test
    void hikariWithJdbcUrlAndWithADataSource() throws Exception {
        String role = fx.role("pool-pw", true);
        Path config = fx.config(fx.target("pooled", role, "password_file: " + fx.file("pw-pool", "pool-pw")));
        HikariConfig byUrl = new HikariConfig();
        byUrl.setJdbcUrl("jdbc:pgauth:pooled?pgauth.config=" + config);
        byUrl.setDriverClassName(PgAuthDriver.class.getName());
        byUrl.setMaximumPoolSize(2);
        try (HikariDataSource pool = new HikariDataSource(byUrl); Connection c = pool.getConnection()) {
            assertEquals(role, whoAmI(c));
        }
        String certRole = fx.certRole();
        Path certConfig = fx.config(fx.target("pooled-cert", certRole, "auth_method: mtls", "sslcert: " + dir.resolve(certRole + ".crt"),
                "sslkey: " + dir.resolve(certRole + ".key")));
        HikariConfig mtls = new HikariConfig();
        mtls.setJdbcUrl("jdbc:pgauth:pooled-cert?pgauth.config=" + certConfig);
        mtls.setDriverClassName(PgAuthDriver.class.getName());
        mtls.setMaximumPoolSize(2);
        try (HikariDataSource pool = new HikariDataSource(mtls); Connection c = pool.getConnection()) {
            assertEquals(certRole, whoAmI(c));
        }
        HikariConfig byDataSource = new HikariConfig();
        byDataSource.setDataSource(PgAuth.load(config, Map.of()).dataSource("pooled"));
        byDataSource.setMaximumPoolSize(2);
        try (HikariDataSource pool = new HikariDataSource(byDataSource); Connection c = pool.getConnection()) {
            assertEquals(role, whoAmI(c));
        }
    }

    @Test
    void noDsnPasswordEverAppearsInLogsOrExceptions() throws Exception {
        String filePassword = "CANARYfile" + System.nanoTime();
        String role = fx.role(filePassword, false);
        String canary = "CANARYdsn" + System.nanoTime();
        Path pw = fx.file("pw-canary", filePassword);
        try (Capture capture = new Capture()) {
            try (Connection c = DriverManager.getConnection(fx.url(role + ":" + canary, "pgauth.password_file=" + pw))) {
                capture.add(c);
            }
            try (Connection c = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + fx.sandbox.port() + "/postgres?authenticationPluginClassName="
                    + PgAuthPlugin.class.getName() + "&sslmode=verify-full&sslrootcert=" + fx.sandbox.caFile() + "&user=" + role + "&pgauth.password_file=" + pw)) {
                capture.add(c);
            }
            for (String url : List.of(
                    fx.url(role + ":" + canary, "pgauth.password_file=" + fx.file("pw-bad", "bad")),
                    fx.url(role + ":" + canary, "sslfactory=x"),
                    fx.url(role + ":" + canary, "pgauth.nonsense=1"),
                    fx.url(role + ":" + canary).replace("sslmode=verify-full", "sslmode=disable"),
                    "jdbc:pgauth:postgresql://" + role + ":" + canary + "@h:notaport/db",
                    "jdbc:pgauth:missing-target?password=" + canary + "&pgauth.config=" + dir.resolve("absent.yaml"))) {
                SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(url));
                capture.add(e);
            }
            PgAuthDataSource ds = new PgAuthDataSource(fx.url(role + ":" + canary, "pgauth.password_file=" + pw));
            capture.add(ds);
            capture.assertNoneOf(List.of(canary, filePassword));
            assertFalse(capture.text().isEmpty());
        }
    }
}
