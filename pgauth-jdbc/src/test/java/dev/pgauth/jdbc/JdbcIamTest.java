package dev.pgauth.jdbc;

import static dev.pgauth.jdbc.JdbcFixture.whoAmI;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.pgauth.sandbox.Sandbox;
import dev.pgauth.testkit.TestFiles;
import dev.pgauth.testkit.gate.SandboxGate;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** aws_rds_iam through the JDBC driver and HikariCP, against the IAM gate in front of the sandbox. */
class JdbcIamTest {
    private static final String ROLE = "jdbc_iam";
    private static final List<String> PROPS = List.of("aws.accessKeyId", "aws.secretAccessKey", "aws.disableEc2Metadata", "aws.configFile",
            "aws.sharedCredentialsFile");

    static SandboxGate gate;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        gate = new SandboxGate("AKIAJDBCIAMTEST00001", "jdbc-iam-secret");
        gate.allow(ROLE);
        use("AKIAJDBCIAMTEST00001", "jdbc-iam-secret");
        System.setProperty("aws.disableEc2Metadata", "true");
        System.setProperty("aws.configFile", dir.resolve("none").toString());
        System.setProperty("aws.sharedCredentialsFile", dir.resolve("none").toString());
    }

    @AfterAll
    static void stop() throws Exception {
        gate.close();
        PROPS.forEach(System::clearProperty);
    }

    private static void use(String keyId, String secret) {
        System.setProperty("aws.accessKeyId", keyId);
        System.setProperty("aws.secretAccessKey", secret);
    }

    private static String url(String name) {
        return "jdbc:pgauth:postgresql://" + ROLE + ":$TOKEN@" + Sandbox.HOST + ":" + gate.gate.port() + "/postgres?sslmode=verify-full&sslrootcert="
                + gate.sandbox.caFile() + "&pgauth.method=aws_rds_iam&pgauth.iam_host=" + SandboxGate.RDS_HOST + "&pgauth.iam_port=" + SandboxGate.RDS_PORT
                + "&pgauth.name=" + name;
    }

    @Test
    void driverManagerWithAStandaloneIamUrl() throws Exception {
        try (Connection c = DriverManager.getConnection(url("dm"))) {
            assertEquals(ROLE, whoAmI(c));
        }
    }

    @Test
    void hikariWithATargetFromTheTargetsFile() throws Exception {
        Path config = TestFiles.secret(dir, "pgauth.yaml", "targets:\n" + gate.target("rds", ROLE, "iam_host: " + SandboxGate.RDS_HOST,
                "iam_port: " + SandboxGate.RDS_PORT));
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl("jdbc:pgauth:rds?pgauth.config=" + config);
        hikari.setDriverClassName(PgAuthDriver.class.getName());
        hikari.setMaximumPoolSize(2);
        try (HikariDataSource pool = new HikariDataSource(hikari); Connection c = pool.getConnection()) {
            assertEquals(ROLE, whoAmI(c));
        }
    }

    @Test
    void aReusedTokenWhoseKeyWasRevokedIsReplacedOnTheSingleRetry() throws Exception {
        String url = url("rotate");
        DriverManager.getConnection(url).close();               // token signed with key 1, kept for reuse
        gate.verifier.issue(new dev.pgauth.testkit.gate.IssuedKey("AKIAJDBCIAMROTATED01", "rotated-secret", null, null));
        use("AKIAJDBCIAMROTATED01", "rotated-secret");          // the identity now has key 2
        gate.verifier.revoke("AKIAJDBCIAMTEST00001");            // and key 1 no longer works
        int rejectedBefore = gate.gate.rejections().size();
        try (Connection c = DriverManager.getConnection(url)) {
            assertEquals(ROLE, whoAmI(c));
        }
        assertEquals(List.of("unknown access key"), gate.gate.rejections().subList(rejectedBefore, gate.gate.rejections().size()),
                "the stale token was refused once, then a fresh one passed");
        gate.verifier.issue(gate.key);
        use(gate.key.accessKeyId(), gate.key.secretAccessKey());
    }
}
