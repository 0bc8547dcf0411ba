package dev.pgauth.jdbc;

import dev.pgauth.sandbox.CertificateAuthority;
import dev.pgauth.sandbox.KeyFormat;
import dev.pgauth.sandbox.Sandbox;
import dev.pgauth.testkit.SandboxTargets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Sandbox roles, files, targets and standalone URLs for the JDBC tests. */
final class JdbcFixture {
    private final SandboxTargets targets;
    final Sandbox sandbox;
    final Path dir;

    JdbcFixture(Path dir) {
        this.targets = new SandboxTargets(dir);
        this.sandbox = targets.sandbox;
        this.dir = dir;
    }

    String role(String password, boolean pgMonitor) {
        return targets.passwordRole(password, pgMonitor);
    }

    /** A certificate role with its certificate and SEC1 key written as {@code <role>.crt} / {@code <role>.key}. */
    String certRole() {
        String role = SandboxTargets.uniqueRole("cert");
        sandbox.createCertificateRole(role, true);
        CertificateAuthority.IssuedCertificate issued = sandbox.issueClientCertificate(role, false);
        issued.writeCertificate(dir.resolve(role + ".crt"));
        issued.writeKey(dir.resolve(role + ".key"), KeyFormat.SEC1_EC, null);
        return role;
    }

    Path file(String name, String content) {
        return targets.file(name, content);
    }

    Path config(String... entries) {
        return targets.config(entries);
    }

    String target(String name, String user, String... extra) {
        return targets.target(name, user, extra);
    }

    /** A standalone URL for a role on the sandbox, verify-full against its CA, plus query parameters. */
    String url(String userInfo, String... params) {
        StringBuilder b = new StringBuilder("jdbc:pgauth:postgresql://").append(userInfo).append('@').append(Sandbox.HOST).append(':')
                .append(sandbox.port()).append("/postgres?sslmode=verify-full&sslrootcert=").append(sandbox.caFile());
        for (String p : params) {
            b.append('&').append(p);
        }
        return b.toString();
    }

    static String whoAmI(Connection c) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery("select current_user")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
