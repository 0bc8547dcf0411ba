package dev.pgauth.config;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** How a target's credential is obtained. The values are the {@code auth_method} keys, case-sensitive. */
public enum AuthMethod {
    PASSWORD("password", null),
    MTLS("mtls", null),
    AWS_RDS_IAM("aws_rds_iam", "pgauth-aws"),
    AZURE_ENTRA("azure_entra", "pgauth-azure"),
    GCP_CLOUDSQL_IAM("gcp_cloudsql_iam", "pgauth-gcp"),
    SECRET_STORE("secret_store", null);

    private final String key;
    private final String module;

    AuthMethod(String key, String module) {
        this.key = key;
        this.module = module;
    }

    public String key() {
        return key;
    }

    /** The module that provides this method, when it is not pgauth-core (secret_store depends on the secret_ref). */
    public Optional<String> module() {
        return Optional.ofNullable(module);
    }

    /** Token and vault methods: the config carries no password source, and the server must be verified. */
    public boolean passwordless() {
        return this == AWS_RDS_IAM || this == AZURE_ENTRA || this == GCP_CLOUDSQL_IAM || this == SECRET_STORE;
    }

    /** Methods that may only talk to a server verified with {@code sslmode: verify-full}. */
    public boolean requiresVerifyFull() {
        return passwordless() || this == MTLS;
    }

    public static Optional<AuthMethod> fromKey(String key) {
        return Arrays.stream(values()).filter(m -> m.key.equals(key)).findFirst();
    }

    public static String supportedKeys() {
        return Arrays.stream(values()).map(AuthMethod::key).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return key;
    }
}
