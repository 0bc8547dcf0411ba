package dev.pgauth.aws;

import dev.pgauth.FailureCategory;
import dev.pgauth.PgAuthException;
import dev.pgauth.config.SecretRef;
import dev.pgauth.config.TargetSpec;
import dev.pgauth.credential.VaultSecretProvider;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * {@code secret_store} with an AWS Secrets Manager or SSM Parameter Store ARN, read with the ambient
 * identity. One client per region and identity, reused.
 */
final class AwsSecretProvider extends VaultSecretProvider {
    private final String region;

    AwsSecretProvider(TargetSpec target, Clock clock) {
        super(target, clock);
        this.region = ref instanceof SecretRef.AwsSecretsManager sm ? sm.region() : ((SecretRef.AwsSsmParameter) ref).region();
    }

    @Override
    protected String fetch() throws PgAuthException {
        AwsIdentities.Identity identity = AwsIdentities.of(target, region);
        AwsCredentialsProvider credentials = AwsIdentities.provider(identity);
        try {
            return ref instanceof SecretRef.AwsSecretsManager ? secretsManager(credentials) : parameter(credentials);
        } catch (AwsServiceException e) {
            throw serviceFailure(e, identity);
        } catch (SdkException e) {
            throw new PgAuthException(FailureCategory.CREDENTIAL, target.name(), "fetching " + ref.ref() + " failed (" + identity.describe() + "): "
                    + AwsErrors.summary(e), AwsErrors.IDENTITY_FIX);
        }
    }

    private String secretsManager(AwsCredentialsProvider credentials) throws PgAuthException {
        GetSecretValueResponse response = Clients.secretsManager(region, credentials, target.connectTimeout())
                .getSecretValue(r -> r.secretId(ref.ref()));
        if (response.secretString() == null) {
            throw new PgAuthException(FailureCategory.CREDENTIAL, target.name(), ref.ref() + " is a binary secret; pgauth needs a SecretString",
                    "Store the password (or a JSON object with secret_json_key) as the secret's string value.");
        }
        return response.secretString();
    }

    private String parameter(AwsCredentialsProvider credentials) {
        return Clients.ssm(region, credentials, target.connectTimeout())
                .getParameter(r -> r.name(ref.ref()).withDecryption(true)).parameter().value();
    }

    private PgAuthException serviceFailure(AwsServiceException e, AwsIdentities.Identity identity) {
        String code = AwsErrors.code(e);
        boolean sm = ref instanceof SecretRef.AwsSecretsManager;
        if (code.equals("AccessDeniedException") || code.equals("AccessDenied")) {
            String needed = sm ? "secretsmanager:GetSecretValue on " + ref.ref()
                    : String.valueOf(e.getMessage()).contains("kms:Decrypt") ? "kms:Decrypt on the KMS key of " + ref.ref() + " (it is a SecureString)"
                    : "ssm:GetParameter on " + ref.ref() + " (plus kms:Decrypt on its key for a SecureString)";
            return new PgAuthException(FailureCategory.PERMISSION, target.name(), identity.describe() + " may not read " + ref.ref(),
                    "Grant the identity " + needed + ".");
        }
        if (code.equals("ResourceNotFoundException") || code.equals("ParameterNotFound")) {
            return new PgAuthException(FailureCategory.CREDENTIAL, target.name(), ref.ref() + " does not exist in " + region,
                    "Check secret_ref (the ARN, including " + (sm ? "the random suffix of the secret name" : "the parameter path") + ").");
        }
        if (code.startsWith("ExpiredToken")) {
            return new PgAuthException(FailureCategory.CREDENTIAL, target.name(), "the AWS credentials of " + identity.describe() + " have expired",
                    "Refresh the identity (the SDK refreshes instance, container and role credentials by itself; static keys must be renewed).");
        }
        return new PgAuthException(FailureCategory.CREDENTIAL, target.name(), "fetching " + ref.ref() + " failed: " + code, "See the AWS error code above.");
    }

    /** One client per region, identity and timeout. */
    static final class Clients {
        private static final java.util.Map<String, SecretsManagerClient> SECRETS = new java.util.concurrent.ConcurrentHashMap<>();
        private static final java.util.Map<String, SsmClient> PARAMETERS = new java.util.concurrent.ConcurrentHashMap<>();

        private Clients() {
        }

        static SecretsManagerClient secretsManager(String region, AwsCredentialsProvider credentials, Duration timeout) {
            return SECRETS.computeIfAbsent(key(region, credentials, timeout), k -> SecretsManagerClient.builder()
                    .region(Region.of(region)).credentialsProvider(credentials)
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .overrideConfiguration(o -> o.apiCallTimeout(timeout))
                    .build());
        }

        static SsmClient ssm(String region, AwsCredentialsProvider credentials, Duration timeout) {
            return PARAMETERS.computeIfAbsent(key(region, credentials, timeout), k -> SsmClient.builder()
                    .region(Region.of(region)).credentialsProvider(credentials)
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .overrideConfiguration(o -> o.apiCallTimeout(timeout))
                    .build());
        }

        private static String key(String region, AwsCredentialsProvider credentials, Duration timeout) {
            return region + "|" + System.identityHashCode(credentials) + "|" + timeout;
        }

        static void forgetAll() {
            SECRETS.values().forEach(SecretsManagerClient::close);
            PARAMETERS.values().forEach(SsmClient::close);
            SECRETS.clear();
            PARAMETERS.clear();
        }
    }
}
