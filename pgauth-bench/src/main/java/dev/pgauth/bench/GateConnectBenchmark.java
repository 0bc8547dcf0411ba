package dev.pgauth.bench;

import dev.pgauth.PgAuthException;
import dev.pgauth.config.ConfigLoader;
import dev.pgauth.config.TargetSpec;
import dev.pgauth.connect.Connector;
import dev.pgauth.credential.CredentialProviders;
import dev.pgauth.sandbox.Sandbox;
import dev.pgauth.testkit.gate.SandboxGate;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A new connection with aws_rds_iam through the IAM gate (token reused while valid, gate verifies
 * SigV4 and relays to the sandbox) against a direct SCRAM connection to the same server.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class GateConnectBenchmark {
    SandboxGate gate;
    Connector connector;
    TargetSpec iam;
    DirectScram direct;
    Properties wrapper;
    String wrapperUrl;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        System.setProperty("aws.accessKeyId", "AKIABENCHGATE0000001");
        System.setProperty("aws.secretAccessKey", "bench-gate-secret");
        System.setProperty("aws.disableEc2Metadata", "true");
        gate = new SandboxGate("AKIABENCHGATE0000001", "bench-gate-secret");
        gate.allow("bench_iam");
        Sandbox sandbox = gate.sandbox;
        direct = new DirectScram(sandbox, "bench_scram");
        String yaml = "targets:\n" + gate.target("iam", "bench_iam", "iam_host: " + SandboxGate.RDS_HOST, "iam_port: " + SandboxGate.RDS_PORT);
        CredentialProviders providers = CredentialProviders.discover(Map.of());
        iam = new ConfigLoader(Map.of(), List.of(providers.availabilityRule())).parse(yaml, null).targets().get(0);
        connector = new Connector(providers, Map.of(), Clock.systemUTC());
        Class.forName("software.amazon.jdbc.Driver");
        wrapperUrl = "jdbc:aws-wrapper:postgresql://" + Sandbox.HOST + ":" + gate.gate.port() + "/postgres";
        wrapper = new Properties();
        wrapper.setProperty("user", "bench_iam");
        wrapper.setProperty("wrapperPlugins", "iam");
        wrapper.setProperty("iamHost", SandboxGate.RDS_HOST);
        wrapper.setProperty("iamDefaultPort", Integer.toString(SandboxGate.RDS_PORT));
        wrapper.setProperty("iamRegion", SandboxGate.REGION);
        wrapper.setProperty("wrapperDialect", "pg");
        wrapper.setProperty("sslmode", "verify-full");
        wrapper.setProperty("sslrootcert", sandbox.caFile().toString());
        java.sql.DriverManager.getConnection(wrapperUrl, wrapper).close(); // fail at setup, not mid-measurement
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        gate.close();
    }

    @Benchmark
    public void baselineDirectScram() throws SQLException {
        direct.connectAndClose();
    }

    @Benchmark
    public void pgauthIamThroughGate() throws SQLException, PgAuthException {
        connector.connect(iam).close();
    }

    @Benchmark
    public void awsAdvancedJdbcWrapperIamThroughGate() throws SQLException {
        java.sql.DriverManager.getConnection(wrapperUrl, wrapper).close();
    }
}
