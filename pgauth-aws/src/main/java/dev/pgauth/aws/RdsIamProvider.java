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
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * {@code aws_rds_iam}: a 15-minute token signed with the ambient AWS identity. Tokens are reused in
 * memory per (endpoint, user, region, identity) — by every target and connect that needs the same
 * one — until {@code min(token expiry, signing credentials' expiry)} minus a margin; concurrent
 * connects share one mint; nothing is written anywhere.
 */
final class RdsIamProvider implements CredentialProvider {
    static final Duration REFRESH_MARGIN = Duration.ofSeconds(60);

    /** What a token is for; equal keys share one token. The region is the configured one (null: resolved at connect). */
    private record TokenKey(String host, int port, String user, String region, AwsIdentities.Identity identity) {
    }

    private static final Map<TokenKey, SharedCredential> TOKENS = new ConcurrentHashMap<>();

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
        String region = RegionResolver.fromConfig(target, env).map(RegionResolver.Resolved::region).orElse(null);
        TokenKey key = new TokenKey(target.iamSigningHost(), target.iamSigningPort(),
                target.user(), region, AwsIdentities.of(target, region));
        this.shared = TOKENS.computeIfAbsent(key, k -> new SharedCredential(target.name(), this::mint, clock, REFRESH_MARGIN));
    }

    @Override
    public Credential resolve(ResolveContext context) throws PgAuthException {
        return shared.getFor(target.name(), context);
    }

    /** Tests switch identity sources within one JVM; production keeps valid tokens until they expire. */
    static void forgetTokens() {
        TOKENS.clear();
    }

    @Override
    public boolean rejected(Credential credential) {
        return credential instanceof PasswordCredential p && shared.reject(p);
    }

    @Override
    public String rejectionFix() {
        return "RDS refused the IAM token. Check: the role has GRANT rds_iam TO " + target.user() + "; the identity is allowed rds-db:connect on "
                + "arn:aws:rds-db:<region>:<account-id>:dbuser:<DbiResourceId>/" + target.user() + "; the token is signed for the endpoint RDS knows ("
                + target.iamSigningHost() + ":" + target.iamSigningPort() + "; set iam_host/iam_port when connecting through a tunnel or proxy); "
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
        String host = target.iamSigningHost();
        int port = target.iamSigningPort();
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
