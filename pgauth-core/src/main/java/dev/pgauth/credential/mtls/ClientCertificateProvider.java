package dev.pgauth.credential.mtls;

import dev.pgauth.FailureCategory;
import dev.pgauth.PgAuthException;
import dev.pgauth.config.AuthMethod;
import dev.pgauth.config.TargetSpec;
import dev.pgauth.credential.ClientCertificateCredential;
import dev.pgauth.credential.Credential;
import dev.pgauth.credential.CredentialInfo;
import dev.pgauth.credential.CredentialProvider;
import dev.pgauth.credential.ResolveContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;

/** {@code auth_method: mtls}: the client certificate and key, read from PEM files at connect time only. */
final class ClientCertificateProvider implements CredentialProvider {
    private final TargetSpec target;

    ClientCertificateProvider(TargetSpec target) {
        this.target = target;
    }

    @Override
    public Credential resolve(ResolveContext context) throws PgAuthException {
        List<X509Certificate> chain = certificates(target.sslcert());
        if (chain.isEmpty()) {
            throw failure("sslcert " + target.sslcert() + " holds no PEM certificate", "Point sslcert at the client certificate (BEGIN CERTIFICATE).");
        }
        char[] passphrase = target.sslkeyPassphraseFile() == null ? null : passphrase(target.sslkeyPassphraseFile());
        PemKeys.ParsedKey key;
        try {
            key = PemKeys.parse(readKey(), passphrase);
        } catch (PemKeys.KeyException e) {
            throw switch (e.reason()) {
                case WRONG_PASSPHRASE -> failure("sslkey_passphrase_file " + target.sslkeyPassphraseFile() + " does not decrypt sslkey " + target.sslkey(),
                        "Put the key's passphrase in sslkey_passphrase_file (one line).");
                case PASSPHRASE_REQUIRED -> failure("sslkey " + target.sslkey() + " is encrypted and no sslkey_passphrase_file is set",
                        "Set sslkey_passphrase_file to a file holding the key's passphrase.");
                default -> failure("sslkey " + target.sslkey() + ": " + e.getMessage(),
                        "Use a PEM private key: PKCS#8, PKCS#1 RSA or SEC1 EC, plain or encrypted.");
            };
        } finally {
            if (passphrase != null) {
                Arrays.fill(passphrase, '\0');
            }
        }
        if (!matches(chain.get(0), key)) {
            throw failure("sslkey " + target.sslkey() + " is not the private key of sslcert " + target.sslcert(),
                    "Use the key that was generated with the certificate.");
        }
        CredentialInfo info = new CredentialInfo(AuthMethod.MTLS, target.user(),
                "sslcert " + target.sslcert() + " (" + chain.get(0).getSubjectX500Principal().getName() + ")",
                chain.get(0).getNotAfter().toInstant());
        return new ClientCertificateCredential(info, key.key(), chain);
    }

    private List<X509Certificate> certificates(Path file) throws PgAuthException {
        try (InputStream in = Files.newInputStream(file)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toList();
        } catch (IOException e) {
            throw failure("cannot read sslcert " + file + " (" + e.getClass().getSimpleName() + ")", "Check that it exists and is readable.");
        } catch (CertificateException e) {
            throw failure("sslcert " + file + " is not a PEM certificate", "Point sslcert at the client certificate (BEGIN CERTIFICATE).");
        }
    }

    private String readKey() throws PgAuthException {
        try {
            return Files.readString(target.sslkey(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw failure("cannot read sslkey " + target.sslkey() + " (" + e.getClass().getSimpleName() + ")", "Check that it exists and is readable by this user.");
        }
    }

    private char[] passphrase(Path file) throws PgAuthException {
        try {
            byte[] bytes = Files.readAllBytes(file);
            String text = new String(bytes, StandardCharsets.UTF_8);
            Arrays.fill(bytes, (byte) 0);
            return text.strip().toCharArray();
        } catch (IOException e) {
            throw failure("cannot read sslkey_passphrase_file " + file + " (" + e.getClass().getSimpleName() + ")", "Check that it exists and is readable by this user.");
        }
    }

    /**
     * Whether the key belongs to the certificate, so a mismatch fails here rather than as a TLS
     * alert. Compares public values where the key file has them (cheap); signs only otherwise.
     */
    private static boolean matches(X509Certificate certificate, PemKeys.ParsedKey parsed) {
        var publicKey = certificate.getPublicKey();
        if (publicKey instanceof RSAPublicKey rsa && parsed.key() instanceof RSAPrivateCrtKey crt) {
            return rsa.getModulus().equals(crt.getModulus()) && rsa.getPublicExponent().equals(crt.getPublicExponent());
        }
        if (parsed.publicKeyBits() != null) {
            byte[] certificateBits = SubjectPublicKeyInfo.getInstance(publicKey.getEncoded()).getPublicKeyData().getBytes();
            return Arrays.equals(certificateBits, parsed.publicKeyBits());
        }
        return signatureMatches(certificate, parsed.key());
    }

    private static boolean signatureMatches(X509Certificate certificate, PrivateKey key) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm(); // Ed25519, Ed448
        };
        byte[] probe = "pgauth key check".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signer.sign());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private PgAuthException failure(String problem, String fix) {
        return new PgAuthException(FailureCategory.CREDENTIAL, target.name(), problem, fix);
    }
}
