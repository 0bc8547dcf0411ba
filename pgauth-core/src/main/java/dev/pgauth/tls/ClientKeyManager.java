package dev.pgauth.tls;

import dev.pgauth.credential.ClientCertificateCredential;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Presents one client certificate. Simpler and much cheaper than loading the key into a PKCS#12
 * KeyStore (which encrypts it with a slow PBE on every connect) just to hand it back out.
 */
final class ClientKeyManager extends X509ExtendedKeyManager {
    private static final String ALIAS = "pgauth-client";

    private final PrivateKey key;
    private final X509Certificate[] chain;

    ClientKeyManager(ClientCertificateCredential credential) {
        this.key = credential.key();
        this.chain = credential.chain().toArray(X509Certificate[]::new);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return new String[] {ALIAS};
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return ALIAS;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return ALIAS;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? key : null;
    }
}
