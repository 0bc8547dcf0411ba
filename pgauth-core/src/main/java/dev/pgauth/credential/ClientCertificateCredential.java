package dev.pgauth.credential;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.security.auth.DestroyFailedException;

/** A client certificate chain and its private key, presented in the TLS handshake (mTLS). */
public final class ClientCertificateCredential implements Credential {
    private final CredentialInfo info;
    private final PrivateKey key;
    private final List<X509Certificate> chain;

    public ClientCertificateCredential(CredentialInfo info, PrivateKey key, List<X509Certificate> chain) {
        this.info = info;
        this.key = key;
        this.chain = List.copyOf(chain);
    }

    @Override
    public CredentialInfo info() {
        return info;
    }

    public PrivateKey key() {
        return key;
    }

    public List<X509Certificate> chain() {
        return chain;
    }

    @Override
    public void destroy() {
        try {
            key.destroy();
        } catch (DestroyFailedException | UnsupportedOperationException e) {
            // JDK key classes mostly cannot be destroyed; the reference is dropped with this credential.
        }
    }

    @Override
    public String toString() {
        return "ClientCertificateCredential[method=" + info.method() + ", user=" + info.user() + ", source=" + info.source()
                + ", subject=" + chain.get(0).getSubjectX500Principal().getName() + "]";
    }
}
