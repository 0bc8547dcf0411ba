package dev.pgauth.tls;

import dev.pgauth.Deadline;
import dev.pgauth.FailureCategory;
import dev.pgauth.PgAuthException;
import dev.pgauth.config.SslMode;
import dev.pgauth.config.TargetSpec;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Verifies a server's TLS on an already connected socket, sending nothing but PostgreSQL's
 * SSLRequest: the chain against the target's CAs and, for verify-full, the host name against the
 * certificate's SANs. Used by doctor so that TLS problems are diagnosed before any credential exists.
 */
public final class TlsProbe {
    private static final int SSL_REQUEST_CODE = 80877103;

    private TlsProbe() {
    }

    public static TlsInfo probe(TargetSpec target, Socket tcp, SSLContext context, Deadline deadline) throws PgAuthException {
        try {
            tcp.setSoTimeout(deadline.remainingMillisForSocket());
            DataOutputStream out = new DataOutputStream(tcp.getOutputStream());
            out.writeInt(8);
            out.writeInt(SSL_REQUEST_CODE);
            out.flush();
            int answer = new DataInputStream(tcp.getInputStream()).read();
            if (answer != 'S') {
                throw new PgAuthException(FailureCategory.TLS, target.name(), target.endpoint() + " does not offer TLS"
                        + (answer == 'N' ? " (the server answered SSLRequest with N: ssl is off)" : " (not a PostgreSQL server?)"),
                        "Turn on ssl in postgresql.conf, or check host and port.");
            }
            SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(tcp, target.host(), target.port(), true);
            if (target.sslmode() == SslMode.VERIFY_FULL) {
                SSLParameters parameters = tls.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS"); // RFC 2818/6125 SAN matching, as libpq verify-full
                tls.setSSLParameters(parameters);
            }
            tls.setSoTimeout(deadline.remainingMillisForSocket());
            tls.startHandshake();
            var session = tls.getSession();
            X509Certificate leaf = (X509Certificate) session.getPeerCertificates()[0];
            TlsInfo info = new TlsInfo(session.getProtocol(), session.getCipherSuite(),
                    leaf.getSubjectX500Principal().getName(), leaf.getIssuerX500Principal().getName(), leaf.getNotAfter().toInstant());
            tls.close();
            return info;
        } catch (SocketTimeoutException e) {
            throw new PgAuthException(FailureCategory.TIMEOUT, target.name(), target.endpoint() + " accepted the connection but did not answer the TLS request in time",
                    "Check that host and port point at PostgreSQL and that it is not overloaded; raise connect_timeout if it is just slow.");
        } catch (SSLHandshakeException e) {
            throw handshakeFailure(target, e);
        } catch (SSLException e) {
            throw new PgAuthException(FailureCategory.TLS, target.name(), "TLS with " + target.endpoint() + " failed: " + e.getMessage(),
                    "Check that the server's ssl settings and the client agree on a protocol.");
        } catch (IOException e) {
            throw new PgAuthException(FailureCategory.NETWORK, target.name(), "the connection to " + target.endpoint() + " broke during TLS (" + e.getClass().getSimpleName() + ")",
                    "Check firewalls and that the port serves PostgreSQL.");
        }
    }

    /** The certificate chain is trusted but does not name the host connected to (verify-full). */
    public static PgAuthException hostNameMismatch(TargetSpec target, Throwable cause) {
        return new PgAuthException(FailureCategory.TLS, target.name(), "the server certificate is not valid for host " + target.host(),
                "Connect with a host name the certificate lists in its subjectAltName, or reissue the certificate with this name.", cause);
    }

    /** Turns the JDK's handshake failures into one sentence of what and one of how to fix. */
    public static PgAuthException handshakeFailure(TargetSpec target, Throwable e) {
        String detail = String.valueOf(e.getMessage());
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String roots = target.usesSystemTrust() ? "the platform trust store" : "sslrootcert_file " + target.sslrootcertFile();
        if (detail.contains("No subject alternative") || detail.contains("No name matching")) {
            return hostNameMismatch(target, null);
        }
        if (root instanceof CertificateExpiredException || root instanceof CertificateNotYetValidException) {
            return new PgAuthException(FailureCategory.TLS, target.name(), "the server certificate of " + target.endpoint() + " is expired or not yet valid",
                    "Renew the server certificate (and check this machine's clock).");
        }
        if (detail.contains("PKIX path") || detail.contains("unable to find valid certification path")) {
            return new PgAuthException(FailureCategory.TLS, target.name(), "the server certificate of " + target.endpoint() + " is not signed by a CA in " + roots,
                    "Set sslrootcert_file to the CA bundle that signs this server's certificate.");
        }
        return new PgAuthException(FailureCategory.TLS, target.name(), "TLS handshake with " + target.endpoint() + " failed: " + detail,
                "Check sslrootcert_file, the server certificate and the server's ssl settings.");
    }
}
