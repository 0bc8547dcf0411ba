package dev.pgauth.aws;

import dev.pgauth.testkit.gate.SandboxGate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgauth.FailureCategory;
import dev.pgauth.PgAuthException;
import dev.pgauth.config.ConfigLoader;
import dev.pgauth.config.TargetSpec;
import dev.pgauth.connect.Connector;
import dev.pgauth.credential.CredentialProviders;
import dev.pgauth.doctor.Doctor;
import dev.pgauth.doctor.Status;
import dev.pgauth.doctor.TargetReport;
import dev.pgauth.testkit.TestFiles;
import dev.pgauth.testkit.aws.FakeAws;
import dev.pgauth.testkit.gate.IssuedKey;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each identity source of the SDK's default chain (and profiles, and aws_assume_role_arn), served
 * by loopback fakes that check what AWS checks, mints a token the IAM gate accepts.
 */
class AwsIdentitySourcesTest {
    private static final String ROLE = "iam_sources";
    private static final String DB_ROLE_ARN = "arn:aws:iam::" + FakeAws.ACCOUNT + ":role/pgauth-db";

    static FakeAws aws;
    static SandboxGate gate;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        aws = new FakeAws(Clock.systemUTC());
        gate = new SandboxGate("AKIAUNUSEDGATEKEY001", "unused");
        aws.onIssue(gate.verifier::issue);
        gate.allow(ROLE);
    }

    @AfterAll
    static void stop() throws Exception {
        gate.close();
        aws.close();
        AwsSystemProperties.clear();
    }

    @BeforeEach
    void isolate() {
        AwsSystemProperties.isolate(dir, aws.endpoint());
    }

    private static String loginAs(String... extra) throws Exception {
        String[] lines = new String[extra.length + 2];
        lines[0] = "iam_host: " + SandboxGate.RDS_HOST;
        lines[1] = "iam_port: " + SandboxGate.RDS_PORT;
        System.arraycopy(extra, 0, lines, 2, extra.length);
        TargetSpec t = new ConfigLoader(Map.of(), List.of()).parse("targets:\n" + gate.target("src", ROLE, lines), dir.resolve("pgauth.yaml")).targets().get(0);
        try (Connection c = new Connector(CredentialProviders.discover(Map.of()), Map.of(), Clock.systemUTC()).connect(t);
             ResultSet rs = c.createStatement().executeQuery("select current_user")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void environmentStyleKeys() throws Exception {
        IssuedKey key = aws.longTermKey();
        System.setProperty("aws.accessKeyId", key.accessKeyId());
        System.setProperty("aws.secretAccessKey", key.secretAccessKey());
        assertEquals(ROLE, loginAs());
    }

    @Test
    void temporaryKeysWithASessionToken() throws Exception {
        IssuedKey key = aws.sessionKey();
        System.setProperty("aws.accessKeyId", key.accessKeyId());
        System.setProperty("aws.secretAccessKey", key.secretAccessKey());
        System.setProperty("aws.sessionToken", key.sessionToken());
        assertEquals(ROLE, loginAs());
    }

    @Test
    void webIdentityTokenFileAsOnEksIrsa() throws Exception {
        aws.webIdentityRole(DB_ROLE_ARN, "eks-issued-jwt");
        System.setProperty("aws.webIdentityTokenFile", FakeAws.webIdentityTokenFile(dir, "eks-issued-jwt").toString());
        System.setProperty("aws.roleArn", DB_ROLE_ARN);
        System.setProperty("aws.roleSessionName", "pod");
        System.setProperty("aws.region", "us-east-1"); // EKS sets AWS_REGION in the pod
        assertEquals(ROLE, loginAs("region: us-east-1"));
        assertTrue(aws.calls().contains("sts AssumeRoleWithWebIdentity " + DB_ROLE_ARN), aws.calls().toString());
    }

    @Test
    void containerCredentialsAsOnEcsOrEksPodIdentity() throws Exception {
        aws.containerRole("pod-identity-token");
        System.setProperty("aws.containerCredentialsFullUri", aws.endpoint() + "/container/creds");
        System.setProperty("aws.containerAuthorizationToken", "pod-identity-token");
        assertEquals(ROLE, loginAs());
        assertTrue(aws.calls().contains("container credentials"));
    }

    @Test
    void instanceMetadataWithImdsV2SessionTokens() throws Exception {
        aws.instanceRole("ec2-db-role");
        System.setProperty("aws.disableEc2Metadata", "false");
        System.setProperty("aws.ec2MetadataServiceEndpoint", aws.endpoint());
        assertEquals(ROLE, loginAs());
        assertTrue(aws.calls().contains("imds token issued"), aws.calls().toString());
        assertTrue(aws.calls().contains("imds credentials ec2-db-role"), aws.calls().toString());
    }

    @Test
    void namedProfileWithStaticKeys() throws Exception {
        IssuedKey key = aws.longTermKey();
        TestFiles.secret(dir, "aws-credentials", "[team]\naws_access_key_id = " + key.accessKeyId() + "\naws_secret_access_key = " + key.secretAccessKey() + "\n");
        assertEquals(ROLE, loginAs("aws_profile: team"));
    }

    @Test
    void profileWithCredentialProcess() throws Exception {
        IssuedKey key = aws.sessionKey();
        Path script = TestFiles.write(dir, "creds.sh", "#!/bin/sh\necho '{\"Version\":1,\"AccessKeyId\":\"" + key.accessKeyId() + "\",\"SecretAccessKey\":\""
                + key.secretAccessKey() + "\",\"SessionToken\":\"" + key.sessionToken() + "\",\"Expiration\":\"" + key.expiresAt() + "\"}'\n", "rwx------");
        TestFiles.secret(dir, "aws-config", "[profile sso-ish]\ncredential_process = " + script + "\n");
        assertEquals(ROLE, loginAs("aws_profile: sso-ish"));
    }

    @Test
    void profileWithRoleArnAndSourceProfile() throws Exception {
        IssuedKey base = aws.longTermKey();
        aws.grant(base, "sts:AssumeRole", DB_ROLE_ARN);
        TestFiles.secret(dir, "aws-credentials", "[base]\naws_access_key_id = " + base.accessKeyId() + "\naws_secret_access_key = " + base.secretAccessKey() + "\n");
        TestFiles.secret(dir, "aws-config", "[profile db]\nrole_arn = " + DB_ROLE_ARN + "\nsource_profile = base\nregion = us-east-1\n");
        assertEquals(ROLE, loginAs("aws_profile: db"));
        assertTrue(aws.calls().contains("sts AssumeRole " + DB_ROLE_ARN), aws.calls().toString());
    }

    @Test
    void assumeRoleArnOnTopOfTheAmbientIdentityWithExternalId() throws Exception {
        IssuedKey base = aws.longTermKey();
        aws.grant(base, "sts:AssumeRole", DB_ROLE_ARN);
        System.setProperty("aws.accessKeyId", base.accessKeyId());
        System.setProperty("aws.secretAccessKey", base.secretAccessKey());
        assertEquals(ROLE, loginAs("aws_assume_role_arn: " + DB_ROLE_ARN, "aws_external_id: vendor-42"));
        assertTrue(aws.calls().contains("sts AssumeRole " + DB_ROLE_ARN + " external-id vendor-42"), aws.calls().toString());
    }

    @Test
    void assumeRoleThatIsNotGrantedNamesThePermission() {
        IssuedKey base = aws.longTermKey();
        System.setProperty("aws.accessKeyId", base.accessKeyId());
        System.setProperty("aws.secretAccessKey", base.secretAccessKey());
        PgAuthException e = assertThrows(PgAuthException.class, () -> loginAs("aws_assume_role_arn: arn:aws:iam::" + FakeAws.ACCOUNT + ":role/other"));
        assertEquals(FailureCategory.PERMISSION, e.category(), e.getMessage());
        assertTrue(e.fix().contains("sts:AssumeRole on arn:aws:iam::" + FakeAws.ACCOUNT + ":role/other"), e.fix());
    }

    @Test
    void noIdentityAtAllNamesTheSourcesToProvide() {
        PgAuthException e = assertThrows(PgAuthException.class, () -> loginAs());
        assertEquals(FailureCategory.CREDENTIAL, e.category());
        assertTrue(e.problem().contains("the default chain tried system properties"), e.problem());
        assertTrue(e.problem().contains("instance metadata (IMDSv2)"), e.problem());
        assertTrue(e.fix().contains("AWS_ACCESS_KEY_ID") && e.fix().contains("AWS_WEB_IDENTITY_TOKEN_FILE") && e.fix().contains("instance profile"), e.fix());
    }

    @Test
    void doctorThroughTheGateWithAContainerIdentity() throws Exception {
        aws.containerRole("doctor-token");
        System.setProperty("aws.containerCredentialsFullUri", aws.endpoint() + "/container/creds");
        System.setProperty("aws.containerAuthorizationToken", "doctor-token");
        var config = new ConfigLoader(Map.of(), List.of()).parse("targets:\n" + gate.target("doc", ROLE, "iam_host: " + SandboxGate.RDS_HOST,
                "iam_port: " + SandboxGate.RDS_PORT), dir.resolve("pgauth.yaml"));
        TargetReport r = new Doctor(new Connector(CredentialProviders.discover(Map.of()), Map.of(), Clock.systemUTC()), Clock.systemUTC(), 2)
                .run(config, config.targets()).targets().get(0);
        assertEquals(Status.OK, r.status(), r.toString());
    }
}
