package dev.pgauth.aws;

import java.nio.file.Path;
import java.util.List;

/**
 * The SDK reads its settings from system properties as well as the environment; tests use the
 * properties (the environment of a JVM cannot be changed) and clear every one they set.
 */
final class AwsSystemProperties {
    static final List<String> ALL = List.of("aws.accessKeyId", "aws.secretAccessKey", "aws.sessionToken", "aws.disableEc2Metadata",
            "aws.ec2MetadataServiceEndpoint", "aws.configFile", "aws.sharedCredentialsFile", "aws.profile", "aws.webIdentityTokenFile",
            "aws.roleArn", "aws.roleSessionName", "aws.containerCredentialsFullUri", "aws.containerAuthorizationToken",
            "aws.endpointUrlSts", "aws.endpointUrlSecretsManager", "aws.endpointUrlSsm", "aws.region");

    private AwsSystemProperties() {
    }

    /** Nothing configured: no keys, no instance metadata, shared files in an empty directory, endpoints on the fake. */
    static void isolate(Path dir, String fakeEndpoint) {
        clear();
        System.setProperty("aws.disableEc2Metadata", "true");
        System.setProperty("aws.configFile", dir.resolve("aws-config").toString());
        System.setProperty("aws.sharedCredentialsFile", dir.resolve("aws-credentials").toString());
        if (fakeEndpoint != null) {
            System.setProperty("aws.endpointUrlSts", fakeEndpoint);
            System.setProperty("aws.endpointUrlSecretsManager", fakeEndpoint);
            System.setProperty("aws.endpointUrlSsm", fakeEndpoint);
        }
        AwsIdentities.forgetAll();
        AwsSecretProvider.Clients.forgetAll();
        RdsIamProvider.forgetTokens();
    }

    static void clear() {
        ALL.forEach(System::clearProperty);
        AwsIdentities.forgetAll();
        AwsSecretProvider.Clients.forgetAll();
        RdsIamProvider.forgetTokens();
    }
}
