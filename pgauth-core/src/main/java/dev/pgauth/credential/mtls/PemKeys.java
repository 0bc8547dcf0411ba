package dev.pgauth.credential.mtls;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.security.PrivateKey;
import java.security.Provider;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/**
 * Reads a PEM private key in any of the encodings OpenSSL writes: PKCS#8 (plain and encrypted),
 * PKCS#1 RSA and SEC1 EC (plain and with the legacy {@code Proc-Type: 4,ENCRYPTED} header).
 */
public final class PemKeys {

    /** Why a key could not be read; messages never include key material or the passphrase. */
    public static final class KeyException extends Exception {
        private static final long serialVersionUID = 1L;

        public enum Reason { NOT_A_KEY, PASSPHRASE_REQUIRED, WRONG_PASSPHRASE, UNSUPPORTED }

        private final Reason reason;

        KeyException(Reason reason, String message) {
            super(message);
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }
    }

    /** Used for the legacy OpenSSL and PBES2 ciphers only; not registered as a JVM-wide provider. */
    private static final Provider BC = new BouncyCastleProvider();

    private PemKeys() {
    }

    /**
     * A private key and, when the PEM carries it (OpenSSL's SEC1 and PKCS#8 EC keys do), the raw
     * bits of its public key, so it can be matched to a certificate without any signing.
     */
    public record ParsedKey(PrivateKey key, byte[] publicKeyBits) {
        @Override
        public String toString() {
            return "ParsedKey[" + key.getAlgorithm() + "]";
        }
    }

    /**
     * @param pem        the key file's text
     * @param passphrase for encrypted keys; may be null for plain ones
     */
    public static PrivateKey read(String pem, char[] passphrase) throws KeyException {
        return parse(pem, passphrase).key();
    }

    public static ParsedKey parse(String pem, char[] passphrase) throws KeyException {
        Object object;
        try (Reader reader = new StringReader(pem); PEMParser parser = new PEMParser(reader)) {
            object = parser.readObject();
        } catch (IOException | RuntimeException e) {
            throw new KeyException(KeyException.Reason.NOT_A_KEY, "not a PEM private key");
        }
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try {
            if (object instanceof PrivateKeyInfo info) {
                return parsed(converter, info);
            }
            if (object instanceof PEMKeyPair pair) {
                return parsed(converter, pair.getPrivateKeyInfo());
            }
            if (object instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
                requirePassphrase(passphrase);
                try {
                    return parsed(converter, encrypted.decryptPrivateKeyInfo(
                            new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BC).build(passphrase)));
                } catch (PKCSException | OperatorCreationException e) {
                    throw wrongPassphrase();
                }
            }
            if (object instanceof PEMEncryptedKeyPair encrypted) {
                requirePassphrase(passphrase);
                try {
                    PEMKeyPair pair = encrypted.decryptKeyPair(new JcePEMDecryptorProviderBuilder().setProvider(BC).build(passphrase));
                    return parsed(converter, pair.getPrivateKeyInfo());
                } catch (IOException e) {
                    // EncryptionException, or garbage from a wrong passphrase that then fails to parse.
                    throw wrongPassphrase();
                }
            }
        } catch (PEMException | RuntimeException e) {
            throw new KeyException(KeyException.Reason.UNSUPPORTED, "the key could not be decoded (" + e.getClass().getSimpleName() + ")");
        }
        throw new KeyException(KeyException.Reason.NOT_A_KEY, object == null
                ? "no PEM block found"
                : "the first PEM block is not a private key (" + object.getClass().getSimpleName() + ")");
    }

    private static ParsedKey parsed(JcaPEMKeyConverter converter, PrivateKeyInfo info) throws PEMException {
        return new ParsedKey(converter.getPrivateKey(info), publicKeyBits(info));
    }

    /** The EC public key embedded in the private key structure, if any. */
    private static byte[] publicKeyBits(PrivateKeyInfo info) {
        try {
            if (info.getPublicKeyData() != null) {
                return info.getPublicKeyData().getBytes();
            }
            if (X9ObjectIdentifiers.id_ecPublicKey.equals(info.getPrivateKeyAlgorithm().getAlgorithm())) {
                DERBitString bits = (DERBitString) org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey()).getPublicKey();
                return bits == null ? null : bits.getBytes();
            }
        } catch (IOException | RuntimeException e) {
            // Not present or not parseable: the caller falls back to a signature check.
        }
        return null;
    }

    private static void requirePassphrase(char[] passphrase) throws KeyException {
        if (passphrase == null || passphrase.length == 0) {
            throw new KeyException(KeyException.Reason.PASSPHRASE_REQUIRED, "the key is encrypted and no passphrase was given");
        }
    }

    private static KeyException wrongPassphrase() {
        return new KeyException(KeyException.Reason.WRONG_PASSPHRASE, "the passphrase does not decrypt the key");
    }
}
