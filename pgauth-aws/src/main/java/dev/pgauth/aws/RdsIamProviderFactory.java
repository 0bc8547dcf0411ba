package dev.pgauth.aws;

import dev.pgauth.config.AuthMethod;
import dev.pgauth.config.TargetSpec;
import dev.pgauth.credential.CredentialProvider;
import dev.pgauth.credential.CredentialProviderFactory;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;

/**
 * Registers {@code aws_rds_iam}. One SDK credentials provider per identity (the default chain, or
 * one per named profile), shared by every target that uses it and reused for every connection:
 * the SDK caches and refreshes what it loads.
 */
public final class RdsIamProviderFactory implements CredentialProviderFactory {
    private static final String DEFAULT_CHAIN = "\0default";
    private static final Map<String, AwsCredentialsProvider> IDENTITIES = new ConcurrentHashMap<>();

    @Override
    public Set<AuthMethod> methods() {
        return Set.of(AuthMethod.AWS_RDS_IAM);
    }

    @Override
    public CredentialProvider create(TargetSpec target, Map<String, String> env) {
        return new RdsIamProvider(target, env, identity(target.awsProfile()), Clock.systemUTC());
    }

    static AwsCredentialsProvider identity(String profile) {
        return IDENTITIES.computeIfAbsent(profile == null ? DEFAULT_CHAIN : profile, p -> p.equals(DEFAULT_CHAIN)
                ? DefaultCredentialsProvider.builder().build()
                : ProfileCredentialsProvider.builder().profileName(p).build());
    }
}
