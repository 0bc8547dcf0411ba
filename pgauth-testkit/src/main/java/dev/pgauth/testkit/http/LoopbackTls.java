package dev.pgauth.testkit.http;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.pgauth.sandbox.CertificateAuthority;
import dev.pgauth.sandbox.SharedSandbox;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for loopback cloud fakes whose clients insist on https (workload identity token URLs, Entra
 * authorities): a server certificate for 127.0.0.1 from the sandbox CA, and a process default
 * that trusts that CA, as a corporate CA would be installed in a real JVM.
 */
public final class LoopbackTls {
    private LoopbackTls() {
    }

    /** An https server on 127.0.0.1 with a certificate from the sandbox CA. */
    public static HttpsServer server() throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 50);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext()));
        return server;
    }

    private static SSLContext serverContext() {
        try {
            CertificateAuthority ca = SharedSandbox.get().certificateAuthority();
            CertificateAuthority.IssuedCertificate cert = ca.issueServer("cloud-fake", List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(30));
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("k", cert.keyPair().getPrivate(), new char[0], new X509Certificate[] {cert.certificate(), ca.certificate()});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, new char[0]);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Makes this JVM's default TLS (HttpsURLConnection, java.net.http) trust the sandbox CA. */
    public static synchronized void trustSandboxCaByDefault() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("sandbox-ca", SharedSandbox.get().certificateAuthority().certificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            SSLContext.setDefault(context);
            HttpsURLConnection.setDefaultSSLSocketFactory(context.getSocketFactory());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
