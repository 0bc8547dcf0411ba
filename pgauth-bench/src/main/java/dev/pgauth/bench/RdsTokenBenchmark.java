package dev.pgauth.bench;

import dev.pgauth.aws.RdsTokenSigner;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsUtilities;
import software.amazon.awssdk.services.rds.model.GenerateAuthenticationTokenRequest;

/** A hot token mint (credentials already loaded): pgauth's signer against the SDK's own RdsUtilities, same inputs. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RdsTokenBenchmark {
    private static final String HOST = "mydb.abc123.us-east-1.rds.amazonaws.com";

    AwsSessionCredentials credentials;
    RdsTokenSigner signer;
    RdsUtilities utilities;
    GenerateAuthenticationTokenRequest request;

    @Setup
    public void setUp() {
        credentials = AwsSessionCredentials.create("ASIABENCHMARK0000001", "bench-secret-key-0123456789", "bench-session-token");
        signer = new RdsTokenSigner(Clock.systemUTC());
        utilities = RdsUtilities.builder().credentialsProvider(StaticCredentialsProvider.create(credentials)).region(Region.US_EAST_1).build();
        request = GenerateAuthenticationTokenRequest.builder().hostname(HOST).port(5432).username("signals").build();
    }

    @Benchmark
    public String baselineSdkRdsUtilities() {
        return utilities.generateAuthenticationToken(request);
    }

    @Benchmark
    public String pgauthSigner() {
        return signer.token(credentials, HOST, 5432, "signals", "us-east-1");
    }
}
