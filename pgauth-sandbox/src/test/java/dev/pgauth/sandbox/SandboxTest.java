package dev.pgauth.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SandboxTest {
    private final Sandbox sandbox = SharedSandbox.get();

    private Connection connect(String host, String user, String password, String sslmode) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        p.setProperty("sslmode", sslmode);
        p.setProperty("sslrootcert", sandbox.caFile().toString());
        return new org.postgresql.Driver().connect("jdbc:postgresql://" + host + ":" + sandbox.port() + "/postgres", p);
    }

    @Test
    void passwordRoleLogsInOverVerifiedTls() throws SQLException {
        sandbox.createPasswordRole("sandbox_pw", "s3cret-pw", true);
        try (Connection c = connect(Sandbox.HOST, "sandbox_pw", "s3cret-pw", "verify-full");
             ResultSet rs = c.createStatement().executeQuery("select ssl, current_user from pg_stat_ssl join pg_stat_activity using (pid) where pid = pg_backend_pid()")) {
            assertTrue(rs.next());
            assertTrue(rs.getBoolean(1), "session must be TLS");
            assertEquals("sandbox_pw", rs.getString(2));
        }
    }

    @Test
    void wrongPasswordIsRejected() {
        sandbox.createPasswordRole("sandbox_pw2", "right", false);
        SQLException e = assertThrows(SQLException.class, () -> connect(Sandbox.HOST, "sandbox_pw2", "wrong", "verify-full"));
        assertEquals("28P01", e.getSQLState());
    }

    @Test
    void otherAddressIsServedButNotInTheCertificate() {
        sandbox.createPasswordRole("sandbox_pw3", "pw", false);
        SQLException e = assertThrows(SQLException.class, () -> connect(Sandbox.HOST_NOT_IN_CERTIFICATE, "sandbox_pw3", "pw", "verify-full"));
        assertTrue(String.valueOf(e.getMessage()).toLowerCase().contains("hostname"), e.getMessage());
    }

    @Test
    void plaintextIsRefused() {
        sandbox.createPasswordRole("sandbox_pw4", "pw", false);
        assertThrows(SQLException.class, () -> connect(Sandbox.HOST, "sandbox_pw4", "pw", "disable"));
    }
}
