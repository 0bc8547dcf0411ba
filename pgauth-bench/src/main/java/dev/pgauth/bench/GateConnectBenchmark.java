package dev.pgauth.bench;

import dev.pgauth.PgAuthException;
import dev.pgauth.config.ConfigLoader;
import dev.pgauth.config.TargetSpec;
import dev.pgauth.connect.Connector;
import dev.pgauth.credential.CredentialProviders;
import dev.pgauth.sandbox.CertificateAuthority;
import dev.pgauth.sandbox.Sandbox;
import dev.pgauth.testkit.gate.IamGate;
import dev.pgauth.testkit.gate.IssuedKey;
import dev.pgauth.testkit.gate.RdsTokenVerifier;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
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
    private static final String RDS_HOST = "mydb.abc123.us-east-1.rds.amazonaws.com";

    Sandbox sandbox;
    IamGate gate;
    Connector connector;
    TargetSpec iam;
    Properties scram;
    String directUrl;
    Properties wrapper;
    String wrapperUrl;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        sandbox = Sandbox.start();
        sandbox.createCertificateRole("bench_iam", true);
        sandbox.createPasswordRole("bench_scram", "bench-scram-pw", true);
        RdsTokenVerifier verifier = new RdsTokenVerifier(RDS_HOST + ":5432", "us-east-1", Clock.systemUTC());
        verifier.issue(new IssuedKey("AKIABENCHGATE0000001", "bench-gate-secret", null, null));
        System.setProperty("aws.accessKeyId", "AKIABENCHGATE0000001");
        System.setProperty("aws.secretAccessKey", "bench-gate-secret");
        System.setProperty("aws.disableEc2Metadata", "true");
        SSLContext backend = tls(sandbox.issueClientCertificate("bench_iam", false));
        gate = new IamGate(tls(sandbox.certificateAuthority().issueServer("gate", List.of(), List.of(Sandbox.HOST), Duration.ofDays(365))),
                verifier, Sandbox.HOST, sandbox.port(), user -> backend);
        String yaml = "targets:\n  - name: iam\n    host: " + Sandbox.HOST + "\n    port: " + gate.port() + "\n    dbname: postgres\n    user: bench_iam\n"
                + "    auth_method: aws_rds_iam\n    iam_host: " + RDS_HOST + "\n    iam_port: 5432\n    sslrootcert_file: " + sandbox.caFile() + "\n";
        CredentialProviders providers = CredentialProviders.discover(Map.of());
        iam = new ConfigLoader(Map.of(), List.of(providers.availabilityRule())).parse(yaml, null).targets().get(0);
        connector = new Connector(providers, Map.of(), Clock.systemUTC());
        scram = new Properties();
        scram.setProperty("user", "bench_scram");
        scram.setProperty("password", "bench-scram-pw");
        scram.setProperty("sslmode", "verify-full");
        scram.setProperty("sslrootcert", sandbox.caFile().toString());
        directUrl = "jdbc:postgresql://" + Sandbox.HOST + ":" + sandbox.port() + "/postgres";
        Class.forName("software.amazon.jdbc.Driver");
        wrapperUrl = "jdbc:aws-wrapper:postgresql://" + Sandbox.HOST + ":" + gate.port() + "/postgres";
        wrapper = new Properties();
        wrapper.setProperty("user", "bench_iam");
        wrapper.setProperty("wrapperPlugins", "iam");
        wrapper.setProperty("iamHost", RDS_HOST);
        wrapper.setProperty("iamDefaultPort", "5432");
        wrapper.setProperty("iamRegion", "us-east-1");
        wrapper.setProperty("wrapperDialect", "pg");
        wrapper.setProperty("sslmode", "verify-full");
        wrapper.setProperty("sslrootcert", sandbox.caFile().toString());
        java.sql.DriverManager.getConnection(wrapperUrl, wrapper).close(); // fail at setup, not mid-measurement
    }

    private SSLContext tls(CertificateAuthority.IssuedCertificate certificate) throws Exception {
        char[] none = new char[0];
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("k", certificate.keyPair().getPrivate(), none, new X509Certificate[] {certificate.certificate()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, none);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", sandbox.certificateAuthority().certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        gate.close();
        sandbox.close();
    }

    @Benchmark
    public void baselineDirectScram() throws SQLException {
        new org.postgresql.Driver().connect(directUrl, scram).close();
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
