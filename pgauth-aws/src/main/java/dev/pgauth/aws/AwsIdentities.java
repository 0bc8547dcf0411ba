package dev.pgauth.aws;

import dev.pgauth.config.TargetSpec;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * One SDK credentials provider per identity, shared by every target that uses it and reused for
 * every connection (the SDK caches and refreshes what it loads): the default chain, a named
 * profile, or either of those assuming {@code aws_assume_role_arn} through STS.
 */
final class AwsIdentities {
    private static final Map<Identity, AwsCredentialsProvider> PROVIDERS = new ConcurrentHashMap<>();

    private AwsIdentities() {
    }

    /** What identifies an identity; equal identities share one provider. */
    record Identity(String profile, String roleArn, String externalId, String sessionName, String stsRegion) {
        String describe() {
            String base = profile == null ? "default chain" : "profile " + profile;
            return roleArn == null ? base : base + " assuming " + roleArn;
        }
    }

    static Identity of(TargetSpec t, String region) {
        String session = t.awsRoleSessionName() != null ? t.awsRoleSessionName() : "pgauth-" + t.name();
        return t.awsAssumeRoleArn() == null
                ? new Identity(t.awsProfile(), null, null, null, null)
                : new Identity(t.awsProfile(), t.awsAssumeRoleArn(), t.awsExternalId(), session.length() > 64 ? session.substring(0, 64) : session,
                        region != null ? region : "us-east-1"); // STS's global endpoint region when nothing says otherwise
    }

    static AwsCredentialsProvider provider(Identity identity) {
        return PROVIDERS.computeIfAbsent(identity, AwsIdentities::create);
    }

    private static AwsCredentialsProvider create(Identity identity) {
        AwsCredentialsProvider base = identity.profile() == null
                ? DefaultCredentialsProvider.builder().build()
                : ProfileCredentialsProvider.builder().profileName(identity.profile()).build();
        if (identity.roleArn() == null) {
            return base;
        }
        StsClient sts = StsClient.builder()
                .credentialsProvider(base)
                .region(Region.of(identity.stsRegion()))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
        return StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts)
                .refreshRequest(r -> {
                    r.roleArn(identity.roleArn()).roleSessionName(identity.sessionName());
                    if (identity.externalId() != null) {
                        r.externalId(identity.externalId());
                    }
                })
                .asyncCredentialUpdateEnabled(false)
                .build();
    }

    /** Tests switch identity sources within one JVM; production never forgets an identity. */
    static void forgetAll() {
        PROVIDERS.clear();
    }
}
