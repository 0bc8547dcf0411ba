package dev.pgauth.aws;

import dev.pgauth.FailureCategory;
import dev.pgauth.PgAuthException;
import dev.pgauth.config.TargetSpec;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns SDK failures into pgauth's one-sentence problems and fixes; SDK messages name sources, never secrets. */
final class AwsErrors {
    static final String IDENTITY_FIX = "Provide an identity: an instance profile or ECS/EKS task or pod role, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, "
            + "AWS_WEB_IDENTITY_TOKEN_FILE with AWS_ROLE_ARN (IRSA), or a profile in ~/.aws/config (AWS_PROFILE or aws_profile).";

    private AwsErrors() {
    }

    /** The identity's current credentials, or a classified failure naming what was tried. */
    static AwsCredentials credentials(TargetSpec target, AwsIdentities.Identity identity) throws PgAuthException {
        try {
            return AwsIdentities.provider(identity).resolveCredentials();
        } catch (AwsServiceException e) {
            if ("AccessDenied".equals(code(e))) {
                throw new PgAuthException(FailureCategory.PERMISSION, target.name(), "STS refused to let " + identity.describe().replace(" assuming " + identity.roleArn(), "")
                        + " assume " + identity.roleArn(), "Allow sts:AssumeRole on " + identity.roleArn() + " for the caller, and trust the caller in the role's trust policy"
                        + (identity.externalId() != null ? " (with this external ID)" : "") + ".");
            }
            throw new PgAuthException(FailureCategory.CREDENTIAL, target.name(), "AWS identity (" + identity.describe() + ") failed: " + code(e), IDENTITY_FIX);
        } catch (SdkException e) {
            String problem = identity.profile() == null
                    ? "no AWS identity found; the default chain tried system properties (aws.accessKeyId), the environment (AWS_ACCESS_KEY_ID), "
                      + "web identity (AWS_WEB_IDENTITY_TOKEN_FILE), the shared profile (AWS_PROFILE, ~/.aws), container credentials "
                      + "(AWS_CONTAINER_CREDENTIALS_FULL_URI) and instance metadata (IMDSv2)"
                    : "no AWS identity could be loaded from " + identity.describe() + " (" + summary(e) + ")";
            throw new PgAuthException(FailureCategory.CREDENTIAL, target.name(), problem, IDENTITY_FIX);
        }
    }

    static String code(AwsServiceException e) {
        return e.awsErrorDetails() == null ? e.getClass().getSimpleName() : e.awsErrorDetails().errorCode();
    }

    /** The first sentence of the SDK's message, bounded. */
    static String summary(Exception e) {
        String message = String.valueOf(e.getMessage()).replace('\n', ' ');
        int end = message.indexOf(". ");
        String first = end > 0 ? message.substring(0, end) : message;
        return first.length() > 300 ? first.substring(0, 300) + "…" : first;
    }
}
