package dev.pgauth.credential;

/**
 * A credential resolved at connect time. Two kinds: a password (a local password, a vault secret or
 * a cloud token) sent through pgjdbc's authentication plugin, or a client certificate presented in
 * the TLS handshake. {@code toString()} shows only {@link CredentialInfo}.
 */
public sealed interface Credential permits PasswordCredential, ClientCertificateCredential {

    CredentialInfo info();

    /** Wipes secret material held in memory; the credential is unusable afterwards. */
    void destroy();
}
