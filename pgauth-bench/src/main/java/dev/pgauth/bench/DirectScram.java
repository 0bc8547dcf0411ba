package dev.pgauth.bench;

import dev.pgauth.sandbox.Sandbox;
import java.sql.SQLException;
import java.util.Properties;

/** The baseline of the gate benchmarks: plain pgjdbc straight to the sandbox, SCRAM over verified TLS. */
final class DirectScram {
    private final String url;
    private final Properties properties = new Properties();

    /** Creates {@code role} with a password on the sandbox. */
    DirectScram(Sandbox sandbox, String role) {
        sandbox.createPasswordRole(role, "bench-scram-pw", true);
        properties.setProperty("user", role);
        properties.setProperty("password", "bench-scram-pw");
        properties.setProperty("sslmode", "verify-full");
        properties.setProperty("sslrootcert", sandbox.caFile().toString());
        url = "jdbc:postgresql://" + Sandbox.HOST + ":" + sandbox.port() + "/postgres";
    }

    void connectAndClose() throws SQLException {
        new org.postgresql.Driver().connect(url, properties).close();
    }
}
