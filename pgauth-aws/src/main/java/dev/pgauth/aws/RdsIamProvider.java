package dev.pgauth.aws;

import dev.pgauth.FailureCategory;
import dev.pgauth.PgAuthException;
import dev.pgauth.config.AuthMethod;
import dev.pgauth.config.TargetSpec;
import dev.pgauth.credential.Credential;
import dev.pgauth.credential.CredentialInfo;
import dev.pgauth.credential.CredentialProvider;
import dev.pgauth.credential.PasswordCredential;
import dev.pgauth.credential.ResolveContext;
import dev.pgauth.credential.SharedCredential;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * {@code aws_rds_iam}: a 15-minute token signed with the ambient AWS identity. Tokens are reused in
 * memory, shared by concurrent connects, until {@code min(token expiry, signing credentials'
 * expiry)} minus a margin; nothing is written anywhere.
 */
final class RdsIamProvider implements CredentialProvider {
    static final Duration REFRESH_MARGIN = Duration.ofSeconds(60);

    private final TargetSpec target;
    private final Map<String, String> env;
    private final RdsTokenSigner signer;
    private final Clock clock;
    private final SharedCredential shared;

    RdsIamProvider(TargetSpec target, Map<String, String> env, Clock clock) {
        this.target = target;
        this.env = env;
        this.clock = clock;
        this.signer = new RdsTokenSigner(clock);
        this.shared = new SharedCredential(target.name(), this::mint, clock, REFRESH_MARGIN);
    }

    @Override
    public Credential resolve(ResolveContext context) throws PgAuthException {
        return shared.get(context);
    }

    @Override
    public boolean rejected(Credential credential) {
        return credential instanceof PasswordCredential p && shared.reject(p);
    }

    @Override
    public String rejectionFix() {
        String host = RegionResolver.hostForSigning(target);
        return "RDS refused the IAM token. Check: the role has GRANT rds_iam TO " + target.user() + "; the identity is allowed rds-db:connect on "
                + "arn:aws:rds-db:<region>:<account-id>:dbuser:<DbiResourceId>/" + target.user() + "; the token is signed for the endpoint RDS knows ("
                + host + ":" + (target.iamPort() != null ? target.iamPort() : target.port()) + "; set iam_host/iam_port when connecting through a tunnel or proxy); "
                + "and this machine's clock is right (pgauth setup --target " + target.name() + " prints the SQL and policy).";
    }

    private PasswordCredential mint(ResolveContext context) throws PgAuthException {
        RegionResolver.Resolved region;
        try {
            region = RegionResolver.atConnect(target, env);
        } catch (RegionResolver.RegionNotFound e) {
            throw new PgAuthException(FailureCategory.CREDENTIAL, target.name(), e.getMessage(),
                    "Set region on the target (e.g. region: us-east-1) or AWS_REGION.");
        }
        AwsCredentials credentials = AwsErrors.credentials(target, AwsIdentities.of(target, region.region()));
        String host = RegionResolver.hostForSigning(target);
        int port = target.iamPort() != null ? target.iamPort() : target.port();
        Instant expiresAt = clock.instant().plus(RdsTokenSigner.TOKEN_LIFETIME);
        if (credentials.expirationTime().isPresent() && credentials.expirationTime().get().isBefore(expiresAt)) {
            expiresAt = credentials.expirationTime().get();
        }
        String token = signer.token(credentials, host, port, target.user(), region.region());
        return new PasswordCredential(new CredentialInfo(AuthMethod.AWS_RDS_IAM, target.user(),
                "aws_rds_iam token for " + host + ":" + port + " in " + region.region() + " (region from " + region.source() + ")", expiresAt),
                token.toCharArray());
    }
}
