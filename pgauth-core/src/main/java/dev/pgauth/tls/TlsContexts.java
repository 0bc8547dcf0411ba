package dev.pgauth.tls;

import dev.pgauth.FailureCategory;
import dev.pgauth.PgAuthException;
import dev.pgauth.config.TargetSpec;
import dev.pgauth.credential.ClientCertificateCredential;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Builds the TLS context for one target: trust from {@code sslrootcert_file} (a PEM bundle of one or
 * more CAs) or the platform store, plus the client certificate for mTLS. Modes that do not verify
 * the certificate get a trust-all manager; config validation only allows those where the user
 * explicitly accepted it.
 */
public final class TlsContexts {
    private TlsContexts() {
    }

    public static SSLContext forTarget(TargetSpec target, ClientCertificateCredential client) throws PgAuthException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(client == null ? null : new KeyManager[] {new ClientKeyManager(client)}, trustManagers(target), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new PgAuthException(FailureCategory.TLS, target.name(), "cannot set up TLS (" + e.getClass().getSimpleName() + ")",
                    "Check sslrootcert_file and the client certificate.");
        }
    }

    private static TrustManager[] trustManagers(TargetSpec target) throws GeneralSecurityException, PgAuthException {
        if (!target.sslmode().verifiesCertificate()) {
            return new TrustManager[] {new UnverifiedTrustManager()};
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (target.usesSystemTrust()) {
            factory.init((KeyStore) null);
        } else {
            factory.init(trustStore(target, target.rootCertificatePath().orElseThrow()));
        }
        return factory.getTrustManagers();
    }

    private static KeyStore trustStore(TargetSpec target, Path bundle) throws GeneralSecurityException, PgAuthException {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(bundle)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException e) {
            throw new PgAuthException(FailureCategory.TLS, target.name(), "cannot read sslrootcert_file " + bundle + " (" + e.getClass().getSimpleName() + ")",
                    "Check that it exists and is readable by this user.");
        } catch (CertificateException e) {
            throw new PgAuthException(FailureCategory.TLS, target.name(), "sslrootcert_file " + bundle + " is not a PEM certificate bundle",
                    "Point sslrootcert_file at the PEM file of the CA(s) that sign the server certificate.");
        }
        if (certificates.isEmpty()) {
            throw new PgAuthException(FailureCategory.TLS, target.name(), "sslrootcert_file " + bundle + " holds no certificate",
                    "Point sslrootcert_file at the PEM file of the CA(s) that sign the server certificate.");
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        int i = 0;
        for (Certificate c : certificates) {
            store.setCertificateEntry("ca-" + i++, c);
        }
        return store;
    }

    /** For sslmode require/prefer/allow only: encrypts, verifies nothing (as libpq does in those modes). */
    private static final class UnverifiedTrustManager implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // Deliberately unverified: the config chose a non-verifying sslmode and was allowed to.
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
