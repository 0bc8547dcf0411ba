package dev.pgauth.testkit.gate;

import java.time.Clock;

/**
 * The IAM gate checking RDS IAM tokens for a made-up RDS endpoint, with an issued AWS key.
 */
public final class SandboxGate extends GatedSandbox {
    public static final String RDS_HOST = "mydb.abc123.us-east-1.rds.amazonaws.com";
    public static final int RDS_PORT = 5432;
    public static final String REGION = "us-east-1";

    public final RdsTokenVerifier verifier;
    public final IssuedKey key;

    public SandboxGate(String accessKeyId, String secret) throws Exception {
        this(new RdsTokenVerifier(RDS_HOST + ":" + RDS_PORT, REGION, Clock.systemUTC()), new IssuedKey(accessKeyId, secret, null, null));
    }

    private SandboxGate(RdsTokenVerifier verifier, IssuedKey key) throws Exception {
        super(verifier, "aws_rds_iam");
        this.verifier = verifier;
        this.key = key;
        verifier.issue(key);
    }
}
