package dev.pgauth.jdbc;

import dev.pgauth.sandbox.CertificateAuthority;
import dev.pgauth.sandbox.KeyFormat;
import dev.pgauth.sandbox.Sandbox;
import dev.pgauth.sandbox.SharedSandbox;
import dev.pgauth.testkit.TestFiles;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

/** Sandbox roles, files and URLs for the JDBC tests. */
final class JdbcFixture {
    private static final AtomicInteger N = new AtomicInteger();

    final Sandbox sandbox = SharedSandbox.get();
    final Path dir;

    JdbcFixture(Path dir) {
        this.dir = dir;
    }

    String role(String password, boolean pgMonitor) {
        String role = "jdbc_" + N.incrementAndGet();
        sandbox.createPasswordRole(role, password, pgMonitor);
        return role;
    }

    String certRole() {
        String role = "jdbc_cert_" + N.incrementAndGet();
        sandbox.createCertificateRole(role, true);
        CertificateAuthority.IssuedCertificate issued = sandbox.issueClientCertificate(role, false);
        issued.writeCertificate(dir.resolve(role + ".crt"));
        issued.writeKey(dir.resolve(role + ".key"), KeyFormat.SEC1_EC, null);
        return role;
    }

    Path file(String name, String content) {
        return TestFiles.secret(dir, name, content);
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

    /** A targets file with the given target entries (YAML list items). */
    Path config(String... targets) {
        return file("pgauth-" + N.incrementAndGet() + ".yaml", "env: dev\ntargets:\n" + String.join("", targets));
    }

    String target(String name, String user, String... extra) {
        StringBuilder b = new StringBuilder("  - name: " + name + "\n    host: " + Sandbox.HOST + "\n    port: " + sandbox.port()
                + "\n    dbname: postgres\n    user: " + user + "\n    sslrootcert_file: " + sandbox.caFile() + "\n");
        for (String line : extra) {
            b.append("    ").append(line).append('\n');
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
