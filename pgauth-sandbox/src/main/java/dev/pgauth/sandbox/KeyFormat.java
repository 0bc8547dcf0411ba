package dev.pgauth.sandbox;

/** The PEM private-key encodings a client key can be written in. */
public enum KeyFormat {
    /** {@code BEGIN PRIVATE KEY}. */
    PKCS8,
    /** {@code BEGIN ENCRYPTED PRIVATE KEY} (PBES2, AES-256). */
    PKCS8_ENCRYPTED,
    /** {@code BEGIN RSA PRIVATE KEY}. */
    PKCS1_RSA,
    /** {@code BEGIN RSA PRIVATE KEY} with OpenSSL's legacy {@code Proc-Type: 4,ENCRYPTED} header. */
    PKCS1_RSA_ENCRYPTED,
    /** {@code BEGIN EC PRIVATE KEY}. */
    SEC1_EC,
    /** {@code BEGIN EC PRIVATE KEY} with OpenSSL's legacy {@code Proc-Type: 4,ENCRYPTED} header. */
    SEC1_EC_ENCRYPTED;

    public boolean encrypted() {
        return this == PKCS8_ENCRYPTED || this == PKCS1_RSA_ENCRYPTED || this == SEC1_EC_ENCRYPTED;
    }

    public boolean rsa() {
        return this == PKCS1_RSA || this == PKCS1_RSA_ENCRYPTED;
    }

    public boolean ec() {
        return this == SEC1_EC || this == SEC1_EC_ENCRYPTED;
    }
}
