package dev.pgauth.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretRefTest {

    @Test
    void secretsManagerArnCarriesItsRegionAndPartition() {
        var ref = assertInstanceOf(SecretRef.AwsSecretsManager.class,
                SecretRef.parse("arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/signals-AbCdEf").orElseThrow());
        assertEquals("us-east-1", ref.region());
        assertEquals("aws", ref.partition());
        assertEquals("123456789012", ref.account());
        assertEquals("prod/signals-AbCdEf", ref.name());
        assertEquals(SecretRef.Backend.AWS_SECRETS_MANAGER, ref.backend());
    }

    @Test
    void ssmParameterArnsInEveryPartition() {
        var ref = assertInstanceOf(SecretRef.AwsSsmParameter.class,
                SecretRef.parse("arn:aws:ssm:us-east-1:123456789012:parameter/prod/signals/password").orElseThrow());
        assertEquals("prod/signals/password", ref.name());
        assertEquals("cn-north-1", ((SecretRef.AwsSsmParameter) SecretRef.parse("arn:aws-cn:ssm:cn-north-1:123456789012:parameter/p").orElseThrow()).region());
        assertEquals("aws-us-gov", ((SecretRef.AwsSecretsManager) SecretRef.parse("arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:x").orElseThrow()).partition());
    }

    @Test
    void keyVaultUrlsWithAndWithoutVersionInPublicAndSovereignClouds() {
        var latest = assertInstanceOf(SecretRef.AzureKeyVault.class, SecretRef.parse("https://my-vault.vault.azure.net/secrets/db-password").orElseThrow());
        assertEquals("https://my-vault.vault.azure.net", latest.vaultUrl());
        assertEquals("db-password", latest.name());
        assertNull(latest.version());
        var versioned = (SecretRef.AzureKeyVault) SecretRef.parse("https://myvault.vault.azure.cn/secrets/db/0123456789abcdef0123456789abcdef").orElseThrow();
        assertEquals("0123456789abcdef0123456789abcdef", versioned.version());
        assertTrue(SecretRef.parse("https://myvault.vault.usgovcloudapi.net/secrets/db").isPresent());
        assertTrue(SecretRef.parse("https://myvault.vault.microsoftazure.de/secrets/db/").isPresent());
    }

    @Test
    void gcpSecretManagerPaths() {
        var ref = assertInstanceOf(SecretRef.GcpSecretManager.class, SecretRef.parse("projects/my-project/secrets/db_password/versions/latest").orElseThrow());
        assertEquals("my-project", ref.project());
        assertEquals("db_password", ref.secret());
        assertEquals("latest", ref.version());
        assertEquals("3", ((SecretRef.GcpSecretManager) SecretRef.parse("projects/123456789/secrets/s/versions/3").orElseThrow()).version());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "vault://prod/db",
            "arn:aws:secretsmanager:us-east-1:12345:secret:short-account",
            "arn:aws:s3:us-east-1:123456789012:secret:x",
            "arn:aws:secretsmanager:us-east-1:123456789012:parameter/x",
            "arn:aws:ssm:us-east-1:123456789012:secret:x",
            "arn:aws-cn:secretsmanager:us-east-1:123456789012:secret:x",
            "arn:aws:secretsmanager:cn-north-1:123456789012:secret:x",
            "arn:aws:ssm:us-east-1:123456789012:parameter//double",
            "arn:azure:ssm:us-east-1:123456789012:parameter/x",
            "http://myvault.vault.azure.net/secrets/db",
            "https://myvault.vault.example.com/secrets/db",
            "https://myvault.vault.azure.net/keys/db",
            "https://myvault.vault.azure.net/secrets/db/notahexversion",
            "https://ab.vault.azure.net/secrets/db",
            "projects/my-project/secrets/db",
            "projects/my-project/secrets/db/versions/0",
            "projects/My_Project/secrets/db/versions/latest",
            "projects/my-project/secrets/db/versions/latest/extra"})
    void malformedReferencesAreRejected(String ref) {
        assertTrue(SecretRef.parse(ref).isEmpty(), ref);
    }
}
