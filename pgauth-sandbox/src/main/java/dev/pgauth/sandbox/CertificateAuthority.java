package dev.pgauth.sandbox;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway certificate authority: issues server certificates with proper SANs and client
 * certificates, and writes keys in every PEM format pgauth reads. Used by the sandbox and tests only.
 */
public final class CertificateAuthority {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** For the key-encryption ciphers the JDK lacks; not registered JVM-wide. */
    private static final java.security.Provider BC = new org.bouncycastle.jce.provider.BouncyCastleProvider();

    private final X500Name name;
    private final KeyPair keyPair;
    private final X509Certificate certificate;

    private CertificateAuthority(X500Name name, KeyPair keyPair, X509Certificate certificate) {
        this.name = name;
        this.keyPair = keyPair;
        this.certificate = certificate;
    }

    /** A new self-signed CA, valid for ten years. */
    public static CertificateAuthority create(String commonName) {
        X500Name subject = new X500Name("CN=" + commonName + ",O=pgauth sandbox");
        KeyPair keys = ecKeyPair();
        try {
            Instant now = Instant.now();
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(3650))), subject, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
            return new CertificateAuthority(subject, keys, sign(builder, keys));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot create sandbox CA", e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** A server certificate for the given DNS names and IP addresses, valid for {@code validity} from now. */
    public IssuedCertificate issueServer(String commonName, List<String> dnsNames, List<String> ipAddresses, Duration validity) {
        List<GeneralName> sans = new ArrayList<>();
        dnsNames.forEach(d -> sans.add(new GeneralName(GeneralName.dNSName, d)));
        ipAddresses.forEach(ip -> sans.add(new GeneralName(GeneralName.iPAddress, ip)));
        return issue(commonName, ecKeyPair(), sans, KeyPurposeId.id_kp_serverAuth, validity);
    }

    /** A client certificate whose CN the server maps to a role; RSA when {@code rsa}, else EC P-256. */
    public IssuedCertificate issueClient(String commonName, boolean rsa) {
        return issue(commonName, rsa ? rsaKeyPair() : ecKeyPair(), List.of(), KeyPurposeId.id_kp_clientAuth, Duration.ofDays(365));
    }

    private IssuedCertificate issue(String cn, KeyPair keys, List<GeneralName> sans, KeyPurposeId purpose, Duration validity) {
        try {
            Instant now = Instant.now();
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(validity)),
                    new X500Name("CN=" + cn + ",O=pgauth sandbox"), keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate));
            if (!sans.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)));
            }
            return new IssuedCertificate(sign(builder, keyPair), keys);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot issue sandbox certificate", e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer) throws GeneralSecurityException {
        try {
            ContentSigner contentSigner = new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(64, RANDOM).add(BigInteger.ONE);
    }

    private static KeyPair ecKeyPair() {
        try {
            // BouncyCastle's EC keys encode their curve inside SEC1 too, as OpenSSL's do; the JDK's omit it.
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC", BC);
            gen.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return gen.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(2048, RANDOM);
            return gen.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes a certificate (or a bundle of them) as PEM. */
    public static void writeCertificates(Path file, X509Certificate... certificates) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
            for (X509Certificate c : certificates) {
                pem.writeObject(c);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        write(file, out.toString());
    }

    /** A certificate and its key pair. */
    public record IssuedCertificate(X509Certificate certificate, KeyPair keyPair) {

        /**
         * Writes the private key in {@code format}; {@code passphrase} is used for the encrypted
         * formats and ignored otherwise. The file is made readable by its owner only.
         */
        public void writeKey(Path file, KeyFormat format, char[] passphrase) {
            if (format.rsa() && !"RSA".equals(keyPair.getPrivate().getAlgorithm())
                    || format.ec() && !"EC".equals(keyPair.getPrivate().getAlgorithm())) {
                throw new IllegalArgumentException(format + " needs a " + (format.rsa() ? "RSA" : "EC") + " key");
            }
            StringWriter out = new StringWriter();
            try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
                switch (format) {
                    case PKCS8 -> pem.writeObject(new JcaPKCS8Generator(keyPair.getPrivate(), null));
                    case PKCS8_ENCRYPTED -> pem.writeObject(new JcaPKCS8Generator(keyPair.getPrivate(),
                            new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                                    .setProvider(BC).setRandom(RANDOM).setPassword(passphrase).build()));
                    case PKCS1_RSA, SEC1_EC -> pem.writeObject(new JcaMiscPEMGenerator(keyPair.getPrivate()));
                    case PKCS1_RSA_ENCRYPTED, SEC1_EC_ENCRYPTED -> pem.writeObject(new JcaMiscPEMGenerator(keyPair.getPrivate(),
                            new JcePEMEncryptorBuilder("AES-256-CBC").setProvider(BC).setSecureRandom(RANDOM).build(passphrase)));
                }
            } catch (IOException | OperatorCreationException e) {
                throw new IllegalStateException("cannot write key as " + format, e);
            }
            write(file, out.toString());
            Files2.ownerOnly(file);
        }

        public void writeCertificate(Path file) {
            writeCertificates(file, certificate);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
