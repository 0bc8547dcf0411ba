package dev.pgauth.aws;

import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Makes RDS IAM auth tokens: a SigV4-presigned {@code GET https://host:port/?Action=connect&DBUser=user}
 * for service {@code rds-db}, valid 15 minutes, without the scheme. Uses the SDK's own SigV4 signer.
 */
public final class RdsTokenSigner {
    /** How long RDS accepts a token. */
    public static final Duration TOKEN_LIFETIME = Duration.ofMinutes(15);

    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

    private final Clock clock;

    public RdsTokenSigner(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param host   the endpoint RDS knows (not a tunnel's or proxy's address)
     * @param port   its port
     * @param user   the database user, equal to the login role
     * @param region the region the database is in
     */
    public String token(AwsCredentialsIdentity credentials, String host, int port, String user, String region) {
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.GET)
                .protocol("https")
                .host(host)
                .port(port)
                .encodedPath("/")
                .putRawQueryParameter("DBUser", user)
                .putRawQueryParameter("Action", "connect")
                .build();
        SignedRequest signed = SIGNER.sign(r -> r
                .identity(credentials)
                .request(request)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "rds-db")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, TOKEN_LIFETIME)
                .putProperty(HttpSigner.SIGNING_CLOCK, clock));
        String uri = signed.request().getUri().toString();
        return uri.substring("https://".length());
    }
}
