package dev.pgauth.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * One validated target: where the server is, which role, how the credential is obtained and how
 * the server is verified. Holds locators only (variable names, file paths, secret references),
 * never a secret, so it is safe to log. Optional keys are null when absent.
 *
 * @param sslrootcertFile absolute path of the CA bundle, or {@link #SYSTEM_TRUST} for the platform trust store
 * @param readOnly        sessions start with default_transaction_read_only=on (the default)
 * @param awsProfile      AWS shared-config profile for the identity, or null for the default chain
 * @param awsAssumeRoleArn   role to assume through STS on top of the ambient identity, or null
 * @param awsExternalId      external ID for that role's trust policy, or null
 * @param awsRoleSessionName session name for the assumed role (default pgauth-<target>)
 * @param iamHost         host name an RDS IAM token is signed for, when it differs from {@code host} (tunnels, proxies)
 * @param iamPort         port an RDS IAM token is signed for, when it differs from {@code port}
 * @param line            line of the target in its config file, 0 when not from a file
 */
public record TargetSpec(
        String name,
        String host,
        int port,
        String dbname,
        String user,
        boolean enabled,
        AuthMethod authMethod,
        SslMode sslmode,
        String sslrootcertFile,
        String passwordEnv,
        Path passwordFile,
        Path pgpassFile,
        String region,
        SecretRef secretRef,
        String secretJsonKey,
        Duration maxCacheTtl,
        String azureClientId,
        String gcpImpersonateServiceAccount,
        Path sslcert,
        Path sslkey,
        Path sslkeyPassphraseFile,
        Duration connectTimeout,
        String applicationName,
        boolean readOnly,
        String awsProfile,
        String awsAssumeRoleArn,
        String awsExternalId,
        String awsRoleSessionName,
        String iamHost,
        Integer iamPort,
        int line) {

    public static final String SYSTEM_TRUST = "system";
    public static final int DEFAULT_PORT = 5432;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final String DEFAULT_APPLICATION_NAME = "pgauth";

    /** True when the server is verified against the platform trust store rather than a file. */
    public boolean usesSystemTrust() {
        return SYSTEM_TRUST.equals(sslrootcertFile);
    }

    public Optional<Path> rootCertificatePath() {
        return sslrootcertFile == null || usesSystemTrust() ? Optional.empty() : Optional.of(Path.of(sslrootcertFile));
    }

    /** The host an RDS IAM token is signed for: {@code iam_host}, else {@code host}. */
    public String iamSigningHost() {
        return iamHost != null ? iamHost : host;
    }

    /** The port an RDS IAM token is signed for: {@code iam_port}, else {@code port}. */
    public int iamSigningPort() {
        return iamPort != null ? iamPort : port;
    }

    /** {@code host:port}, with IPv6 literals bracketed. */
    public String endpoint() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
