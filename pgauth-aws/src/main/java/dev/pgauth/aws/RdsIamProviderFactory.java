package dev.pgauth.aws;

import dev.pgauth.config.AuthMethod;
import dev.pgauth.config.TargetSpec;
import dev.pgauth.credential.CredentialProvider;
import dev.pgauth.credential.CredentialProviderFactory;
import java.time.Clock;
import java.util.Map;
import java.util.Set;

/** Registers {@code aws_rds_iam}. */
public final class RdsIamProviderFactory implements CredentialProviderFactory {

    @Override
    public Set<AuthMethod> methods() {
        return Set.of(AuthMethod.AWS_RDS_IAM);
    }

    @Override
    public CredentialProvider create(TargetSpec target, Map<String, String> env) {
        return new RdsIamProvider(target, env, Clock.systemUTC());
    }
}
