package dev.pgauth.testkit.gate;

import dev.pgauth.sandbox.CertificateAuthority;
import dev.pgauth.sandbox.Sandbox;
import dev.pgauth.sandbox.SharedSandbox;
import java.io.IOException;
import java.security.KeyStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The shared sandbox behind an {@link IamGate} that checks tokens the way one cloud does. Roles
 * behind it log in to the sandbox with client certificates the gate holds.
 */
public class GatedSandbox implements AutoCloseable {
    public final Sandbox sandbox = SharedSandbox.get();
    public final IamGate gate;
    private final String authMethod;
    private final Map<String, SSLContext> backendTls = new ConcurrentHashMap<>();

    /** @param authMethod the {@code auth_method} of the targets {@link #target} writes */
    public GatedSandbox(TokenCheck check, String authMethod) throws Exception {
        this.authMethod = authMethod;
        CertificateAuthority.IssuedCertificate front = sandbox.certificateAuthority().issueServer("iam-gate", List.of("localhost"),
                List.of(Sandbox.HOST), Duration.ofDays(365));
        gate = new IamGate(tls(front), check, Sandbox.HOST, sandbox.port(), backendTls::get);
    }

    /** A role that logs in behind the gate (with a client certificate the gate presents). */
    public void allow(String role) throws Exception {
        sandbox.createCertificateRole(role, true);
        backendTls.put(role, tls(sandbox.issueClientCertificate(role, false)));
    }

    /** A TLS context presenting {@code certificate} and trusting the sandbox CA. */
    public SSLContext tls(CertificateAuthority.IssuedCertificate certificate) throws Exception {
        char[] none = new char[0];
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("k", certificate.keyPair().getPrivate(), none, new X509Certificate[] {certificate.certificate()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, none);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", sandbox.certificateAuthority().certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }

    /**
     * Logs in to the gate with plain pgjdbc (verify-full) and this password, whoever made it, and
     * returns {@code current_user}: what the service answers to a token.
     */
    public String currentUserWithPassword(String user, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        p.setProperty("sslmode", "verify-full");
        p.setProperty("sslrootcert", sandbox.caFile().toString());
        try (Connection c = new org.postgresql.Driver().connect("jdbc:postgresql://" + Sandbox.HOST + ":" + gate.port() + "/postgres", p);
             ResultSet rs = c.createStatement().executeQuery("select current_user")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** YAML for a target of this gate's method that connects to the gate (verify-full against the sandbox CA). */
    public String target(String name, String user, String... extra) {
        StringBuilder b = new StringBuilder("  - name: " + name + "\n    host: " + Sandbox.HOST + "\n    port: " + gate.port()
                + "\n    dbname: postgres\n    user: \"" + user + "\"\n    auth_method: " + authMethod + "\n    sslrootcert_file: " + sandbox.caFile() + "\n");
        for (String line : extra) {
            b.append("    ").append(line).append('\n');
        }
        return b.toString();
    }

    @Override
    public void close() throws IOException {
        gate.close();
    }
}
