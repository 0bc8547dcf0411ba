package dev.pgauth.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules that tie a target's keys together: one password source for {@code password}, none
 * for the passwordless methods, TLS strict enough for the method and environment, the keys each
 * method needs, and the files it names present. Values were checked by {@link TargetReader}.
 */
final class TargetRules {
    static final String ALLOW_INSECURE = "PGAUTH_ALLOW_INSECURE_PG_TLS";

    private final DeploymentEnv deployment;
    private final Map<String, String> env;
    private final boolean generated;

    /** @param generated the credential comes from a named token generator in application code */
    TargetRules(DeploymentEnv deployment, Map<String, String> env, boolean generated) {
        this.deployment = deployment;
        this.env = env;
        this.generated = generated;
    }

    List<ConfigProblem> check(TargetReader.Read read) {
        TargetSpec t = read.spec();
        List<ConfigProblem> out = new ArrayList<>();
        Problems p = new Problems(t, read.label(), read.badKeys(), out);
        AuthMethod m = t.authMethod();
        List<String> sources = passwordSources(t);

        if (generated) {
            checkGenerated(t, p, sources);
            return out;
        }
        if (p.bad(ConfigKeys.AUTH_METHOD)) {
            // The method is unknown, so which sources it needs is too.
        } else if (m == AuthMethod.PASSWORD) {
            if (sources.isEmpty() && !p.bad(ConfigKeys.PASSWORD_ENV)) {
                p.error(ConfigKeys.AUTH_METHOD, "auth_method password needs a password source",
                        "Set exactly one of password_env, password_file or pgpass_file.");
            } else if (sources.size() > 1) {
                p.error(sources.get(1), "auth_method password takes exactly one password source, but " + String.join(", ", sources) + " are set",
                        "Keep one of them and remove the others.");
            }
        } else if (m.passwordless()) {
            for (String source : sources) {
                p.error(source, "auth_method " + m + " is passwordless and takes no password source",
                        "Remove " + source + "; the credential is " + (m == AuthMethod.SECRET_STORE ? "fetched from secret_ref" : "minted from the ambient cloud identity") + " at connect time.");
            }
        } else {
            for (String source : sources) {
                p.error(source, "auth_method mtls authenticates with a client certificate and takes no password source", "Remove " + source + ".");
            }
        }

        checkTls(t, p);
        checkMethodKeys(t, p);
        checkFiles(t, p);
        return out;
    }

    /** A generator's token is a credential like any token: verify-full, no password source, no other method. */
    private static void checkGenerated(TargetSpec t, Problems p, List<String> sources) {
        for (String source : sources) {
            p.error(source, "the credential comes from the named token generator, so no password source is used", "Remove " + source + ".");
        }
        if (t.authMethod() != AuthMethod.PASSWORD) {
            p.error(ConfigKeys.AUTH_METHOD, "a named token generator replaces auth_method", "Remove the method or the generator.");
        }
        if (t.sslmode() != SslMode.VERIFY_FULL && !p.bad(ConfigKeys.SSLMODE)) {
            p.error(ConfigKeys.SSLMODE, "a generated token is only sent to a server verified with sslmode verify-full, not " + t.sslmode(),
                    "Set sslmode=verify-full and sslrootcert to the CA bundle that signs the server certificate.");
        }
        if (t.sslrootcertFile() == null && !p.bad(ConfigKeys.SSLROOTCERT_FILE)) {
            p.error(ConfigKeys.SSLROOTCERT_FILE, "missing; verify-full needs the CA bundle that signs the server certificate",
                    "Set sslrootcert to a PEM file, or to 'system' for the platform trust store.");
        }
        checkFiles(t, p);
    }

    private void checkTls(TargetSpec t, Problems p) {
        AuthMethod m = t.authMethod();
        SslMode mode = t.sslmode();
        if (p.bad(ConfigKeys.SSLMODE) || p.bad(ConfigKeys.AUTH_METHOD)) {
            return;
        }
        if (m.requiresVerifyFull() && mode != SslMode.VERIFY_FULL) {
            p.error(ConfigKeys.SSLMODE, "auth_method " + m + " requires sslmode verify-full in every environment, not " + mode
                            + " (" + ALLOW_INSECURE + " does not relax this)",
                    "Set sslmode: verify-full and sslrootcert_file to the CA bundle that signs the server certificate.");
        } else if (m == AuthMethod.PASSWORD && !mode.verifiesCertificate()) {
            if (deployment == DeploymentEnv.PROD) {
                p.error(ConfigKeys.SSLMODE, "sslmode " + mode + " does not verify the server, which env prod forbids for a password",
                        "Set sslmode: verify-full (or verify-ca) and sslrootcert_file.");
            } else if ("true".equals(env.get(ALLOW_INSECURE))) {
                p.warning(ConfigKeys.SSLMODE, "sslmode " + mode + " does not verify the server; the password could be sent to an impostor",
                        "Allowed in " + deployment + " because " + ALLOW_INSECURE + "=true; use verify-full before production.");
            } else {
                p.error(ConfigKeys.SSLMODE, "sslmode " + mode + " does not verify the server, so the password could be sent to an impostor",
                        "Set sslmode: verify-full and sslrootcert_file, or for " + deployment + " only set " + ALLOW_INSECURE + "=true.");
            }
        }
        if (mode.verifiesCertificate() && t.sslrootcertFile() == null && !p.bad(ConfigKeys.SSLROOTCERT_FILE)) {
            p.error(ConfigKeys.SSLROOTCERT_FILE, "missing; sslmode " + mode + " needs the CA bundle that signs the server certificate",
                    "Set sslrootcert_file to a PEM file (it may hold several CAs), or to 'system' for the platform trust store.");
        }
    }

    private void checkMethodKeys(TargetSpec t, Problems p) {
        AuthMethod m = t.authMethod();
        SecretRef ref = t.secretRef();
        if (p.bad(ConfigKeys.AUTH_METHOD)) {
            return;
        }
        if (m == AuthMethod.SECRET_STORE && ref == null && !p.bad(ConfigKeys.SECRET_REF)) {
            p.error(ConfigKeys.SECRET_REF, "missing; auth_method secret_store needs to know where the password is",
                    "Set secret_ref to one of: " + String.join("; ", SecretRef.ACCEPTED_FORMS) + ".");
        }
        onlyFor(p, t.secretRef() != null || p.bad(ConfigKeys.SECRET_REF), ConfigKeys.SECRET_REF, m == AuthMethod.SECRET_STORE, "secret_store");
        onlyFor(p, t.secretJsonKey() != null, ConfigKeys.SECRET_JSON_KEY, m == AuthMethod.SECRET_STORE, "secret_store");
        onlyFor(p, t.maxCacheTtl() != null, ConfigKeys.MAX_CACHE_TTL, m == AuthMethod.SECRET_STORE, "secret_store");
        onlyFor(p, t.region() != null, ConfigKeys.REGION, m == AuthMethod.AWS_RDS_IAM, "aws_rds_iam (secret_store takes the region from the ARN)");
        onlyFor(p, t.azureClientId() != null, ConfigKeys.AZURE_CLIENT_ID,
                m == AuthMethod.AZURE_ENTRA || ref instanceof SecretRef.AzureKeyVault, "azure_entra, or secret_store with a Key Vault secret_ref");
        onlyFor(p, t.gcpImpersonateServiceAccount() != null, ConfigKeys.GCP_IMPERSONATE_SERVICE_ACCOUNT,
                m == AuthMethod.GCP_CLOUDSQL_IAM || ref instanceof SecretRef.GcpSecretManager, "gcp_cloudsql_iam, or secret_store with a GCP secret_ref");
        boolean awsSecret = ref instanceof SecretRef.AwsSecretsManager || ref instanceof SecretRef.AwsSsmParameter;
        onlyFor(p, t.awsProfile() != null, ConfigKeys.AWS_PROFILE, m == AuthMethod.AWS_RDS_IAM || awsSecret, "aws_rds_iam, or secret_store with an AWS secret_ref");
        boolean awsIdentity = m == AuthMethod.AWS_RDS_IAM || awsSecret;
        onlyFor(p, t.awsAssumeRoleArn() != null, ConfigKeys.AWS_ASSUME_ROLE_ARN, awsIdentity, "aws_rds_iam, or secret_store with an AWS secret_ref");
        for (String key : new String[] {ConfigKeys.AWS_EXTERNAL_ID, ConfigKeys.AWS_ROLE_SESSION_NAME}) {
            boolean set = key.equals(ConfigKeys.AWS_EXTERNAL_ID) ? t.awsExternalId() != null : t.awsRoleSessionName() != null;
            if (set && t.awsAssumeRoleArn() == null) {
                p.error(key, "only used together with aws_assume_role_arn", "Set aws_assume_role_arn or remove " + key + ".");
            }
        }
        onlyFor(p, t.iamHost() != null, ConfigKeys.IAM_HOST, m == AuthMethod.AWS_RDS_IAM, "aws_rds_iam");
        onlyFor(p, t.iamPort() != null, ConfigKeys.IAM_PORT, m == AuthMethod.AWS_RDS_IAM, "aws_rds_iam");
        onlyFor(p, t.sslcert() != null, ConfigKeys.SSLCERT, m == AuthMethod.MTLS, "mtls");
        onlyFor(p, t.sslkey() != null, ConfigKeys.SSLKEY, m == AuthMethod.MTLS, "mtls");
        onlyFor(p, t.sslkeyPassphraseFile() != null, ConfigKeys.SSLKEY_PASSPHRASE_FILE, m == AuthMethod.MTLS, "mtls");

        if (m == AuthMethod.MTLS) {
            if (t.sslcert() == null) {
                p.error(ConfigKeys.SSLCERT, "missing; auth_method mtls needs the client certificate", "Set sslcert to a PEM certificate file.");
            }
            if (t.sslkey() == null) {
                p.error(ConfigKeys.SSLKEY, "missing; auth_method mtls needs the client private key", "Set sslkey to a PEM private key file.");
            }
        }
        if (m == AuthMethod.AWS_RDS_IAM && t.region() == null && blank("AWS_REGION") && blank("AWS_DEFAULT_REGION") && t.awsProfile() == null
                && RdsHosts.region(t.iamSigningHost()).isEmpty()) {
            p.warning(ConfigKeys.REGION, "not set here nor in AWS_REGION / AWS_DEFAULT_REGION; it will be looked up from instance metadata at connect time",
                    "Set region (e.g. us-east-1) to avoid depending on instance metadata.");
        }
        if (m == AuthMethod.GCP_CLOUDSQL_IAM && t.user() != null && t.user().endsWith(".gserviceaccount.com")) {
            p.error(ConfigKeys.USER, "a Cloud SQL IAM database user for a service account drops the .gserviceaccount.com suffix",
                    "Set user: \"" + t.user().substring(0, t.user().length() - ".gserviceaccount.com".length()) + "\".");
        }
    }

    private static void onlyFor(Problems p, boolean present, String key, boolean applies, String methods) {
        if (present && !applies) {
            p.error(key, "only used by auth_method " + methods + ", but this target uses " + p.target.authMethod(),
                    "Remove " + key + " or change auth_method.");
        }
    }

    private static void checkFiles(TargetSpec t, Problems p) {
        file(p, ConfigKeys.SSLROOTCERT_FILE, t.rootCertificatePath().orElse(null));
        file(p, ConfigKeys.PASSWORD_FILE, t.passwordFile());
        file(p, ConfigKeys.PGPASS_FILE, t.pgpassFile());
        file(p, ConfigKeys.SSLCERT, t.sslcert());
        file(p, ConfigKeys.SSLKEY, t.sslkey());
        file(p, ConfigKeys.SSLKEY_PASSPHRASE_FILE, t.sslkeyPassphraseFile());
    }

    private static void file(Problems p, String key, Path path) {
        if (path == null) {
            return;
        }
        if (!Files.exists(path)) {
            p.error(key, path + " does not exist", "Create it or correct the path (relative paths start at the config file's directory).");
        } else if (!Files.isRegularFile(path)) {
            p.error(key, path + " is not a regular file", "Point " + key + " at a file.");
        } else if (!Files.isReadable(path)) {
            p.error(key, path + " is not readable by this user", "Fix its owner or permissions.");
        }
    }

    private static List<String> passwordSources(TargetSpec t) {
        List<String> sources = new ArrayList<>();
        if (t.passwordEnv() != null) {
            sources.add(ConfigKeys.PASSWORD_ENV);
        }
        if (t.passwordFile() != null) {
            sources.add(ConfigKeys.PASSWORD_FILE);
        }
        if (t.pgpassFile() != null) {
            sources.add(ConfigKeys.PGPASS_FILE);
        }
        return sources;
    }

    private boolean blank(String variable) {
        String value = env.get(variable);
        return value == null || value.isBlank();
    }

    /** Collects problems for one target. */
    private static final class Problems {
        final TargetSpec target;
        final String label;
        final Set<String> badKeys;
        final List<ConfigProblem> out;

        Problems(TargetSpec target, String label, Set<String> badKeys, List<ConfigProblem> out) {
            this.target = target;
            this.label = label;
            this.badKeys = badKeys;
            this.out = out;
        }

        void error(String key, String message, String fix) {
            out.add(ConfigProblem.error(label, key, message, fix, target.line()));
        }

        void warning(String key, String message, String fix) {
            out.add(ConfigProblem.warning(label, key, message, fix, target.line()));
        }

        /** The key's value was malformed and already reported. */
        boolean bad(String key) {
            return badKeys.contains(key);
        }
    }
}
