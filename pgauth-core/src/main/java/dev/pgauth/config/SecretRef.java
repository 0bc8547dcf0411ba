package dev.pgauth.config;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a {@code secret_store} password lives. The backend is inferred from the shape of
 * {@code secret_ref}; parsing lives in core so a config can be validated without cloud modules.
 */
public sealed interface SecretRef {

    /** The original {@code secret_ref} text (a locator, not a secret). */
    String ref();

    /** Which backend fetches it. */
    Backend backend();

    enum Backend {
        AWS_SECRETS_MANAGER("AWS Secrets Manager", "pgauth-aws"),
        AWS_SSM_PARAMETER("AWS SSM Parameter Store", "pgauth-aws"),
        AZURE_KEY_VAULT("Azure Key Vault", "pgauth-azure"),
        GCP_SECRET_MANAGER("GCP Secret Manager", "pgauth-gcp");

        private final String displayName;
        private final String module;

        Backend(String displayName, String module) {
            this.displayName = displayName;
            this.module = module;
        }

        public String displayName() {
            return displayName;
        }

        /** The pgauth module that implements this backend. */
        public String module() {
            return module;
        }
    }

    /** {@code arn:<partition>:secretsmanager:<region>:<account>:secret:<name>}. */
    record AwsSecretsManager(String ref, String partition, String region, String account, String name) implements SecretRef {
        public Backend backend() {
            return Backend.AWS_SECRETS_MANAGER;
        }
    }

    /** {@code arn:<partition>:ssm:<region>:<account>:parameter/<name>}. */
    record AwsSsmParameter(String ref, String partition, String region, String account, String name) implements SecretRef {
        public Backend backend() {
            return Backend.AWS_SSM_PARAMETER;
        }
    }

    /** {@code https://<vault>.<vault domain>/secrets/<name>[/<version>]}; {@code version} is null for the latest. */
    record AzureKeyVault(String ref, String vaultUrl, String name, String version) implements SecretRef {
        public Backend backend() {
            return Backend.AZURE_KEY_VAULT;
        }
    }

    /** {@code projects/<project>/secrets/<secret>/versions/<version|latest>}. */
    record GcpSecretManager(String ref, String project, String secret, String version) implements SecretRef {
        public Backend backend() {
            return Backend.GCP_SECRET_MANAGER;
        }
    }

    /** The accepted forms, for error messages. */
    List<String> ACCEPTED_FORMS = List.of(
            "arn:aws:secretsmanager:<region>:<account-id>:secret:<name> (AWS Secrets Manager; partitions aws, aws-cn, aws-us-gov)",
            "arn:aws:ssm:<region>:<account-id>:parameter/<name> (AWS SSM Parameter Store; partitions aws, aws-cn, aws-us-gov)",
            "https://<vault>.vault.azure.net/secrets/<name>[/<version>] (Azure Key Vault; also vault.azure.cn, vault.usgovcloudapi.net, vault.microsoftazure.de)",
            "projects/<project>/secrets/<name>/versions/<version|latest> (GCP Secret Manager)");

    /** Public and sovereign-cloud Key Vault DNS suffixes. */
    List<String> KEY_VAULT_DOMAINS = List.of("vault.azure.net", "vault.azure.cn", "vault.usgovcloudapi.net", "vault.microsoftazure.de");

    /** Parses a {@code secret_ref}; empty when it matches none of the {@link #ACCEPTED_FORMS}. Never throws. */
    static Optional<SecretRef> parse(String ref) {
        return Parser.parse(ref);
    }

    /** Shape rules, kept out of the interface's public surface. */
    final class Parser {
        private static final String REGION = "([a-z]{2}(?:-[a-z]+)+-\\d{1,2})";
        private static final Pattern AWS_ARN = Pattern.compile(
                "arn:(aws|aws-cn|aws-us-gov):(secretsmanager|ssm):" + REGION + ":(\\d{12}):(.+)");
        private static final Pattern SECRET_NAME = Pattern.compile("secret:([A-Za-z0-9/_+=.@-]{1,512})");
        private static final Pattern PARAMETER_NAME = Pattern.compile("parameter/([A-Za-z0-9/_.-]{1,2048})");
        private static final Pattern KEY_VAULT = Pattern.compile(
                "https://([A-Za-z][A-Za-z0-9-]{1,22}[A-Za-z0-9])\\.([a-z.]+)/secrets/([A-Za-z0-9-]{1,127})(?:/([0-9a-fA-F]{32}))?/?");
        private static final Pattern GCP = Pattern.compile(
                "projects/([a-z][a-z0-9-]{4,28}[a-z0-9]|\\d{1,20})/secrets/([A-Za-z0-9_-]{1,255})/versions/(latest|[1-9]\\d{0,18})");

        private Parser() {
        }

        static Optional<SecretRef> parse(String ref) {
            if (ref == null) {
                return Optional.empty();
            }
            Matcher arn = AWS_ARN.matcher(ref);
            if (arn.matches()) {
                return aws(ref, arn);
            }
            Matcher kv = KEY_VAULT.matcher(ref);
            if (kv.matches() && KEY_VAULT_DOMAINS.contains(kv.group(2))) {
                String vaultUrl = "https://" + kv.group(1) + "." + kv.group(2);
                return Optional.of(new AzureKeyVault(ref, vaultUrl, kv.group(3), kv.group(4)));
            }
            Matcher gcp = GCP.matcher(ref);
            if (gcp.matches()) {
                return Optional.of(new GcpSecretManager(ref, gcp.group(1), gcp.group(2), gcp.group(3)));
            }
            return Optional.empty();
        }

        private static Optional<SecretRef> aws(String ref, Matcher arn) {
            String partition = arn.group(1);
            String region = arn.group(3);
            boolean regionFitsPartition = switch (partition) {
                case "aws-cn" -> region.startsWith("cn-");
                case "aws-us-gov" -> region.startsWith("us-gov-");
                default -> !region.startsWith("cn-") && !region.startsWith("us-gov-");
            };
            if (!regionFitsPartition) {
                return Optional.empty();
            }
            String resource = arn.group(5);
            if (arn.group(2).equals("secretsmanager")) {
                Matcher name = SECRET_NAME.matcher(resource);
                return name.matches()
                        ? Optional.of(new AwsSecretsManager(ref, partition, region, arn.group(4), name.group(1)))
                        : Optional.empty();
            }
            Matcher name = PARAMETER_NAME.matcher(resource);
            if (!name.matches() || name.group(1).startsWith("/") || name.group(1).contains("//")) {
                return Optional.empty();
            }
            return Optional.of(new AwsSsmParameter(ref, partition, region, arn.group(4), name.group(1)));
        }
    }
}
