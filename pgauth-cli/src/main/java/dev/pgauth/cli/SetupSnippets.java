package dev.pgauth.cli;

import dev.pgauth.config.RdsHosts;
import dev.pgauth.config.SecretRef;
import dev.pgauth.config.TargetSpec;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The server-side steps for one target, as copy-paste text. Never contains a secret. */
final class SetupSnippets {
    private static final Pattern PLAIN_IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_$]*");
    private static final Pattern CN = Pattern.compile("(?:^|,)CN=([^,]+)");

    private SetupSnippets() {
    }

    static String forTarget(TargetSpec t) {
        String role = ident(t.user());
        String db = ident(t.dbname() == null ? t.user() : t.dbname());
        StringBuilder b = new StringBuilder();
        b.append("-- pgauth setup for target ").append(t.name()).append(" (auth_method ").append(t.authMethod())
                .append(") on ").append(t.endpoint()).append(", database ").append(t.dbname() == null ? t.user() : t.dbname()).append('\n');
        b.append("-- Run as an administrator. The role gets no privileges beyond pg_monitor.\n\n");
        switch (t.authMethod()) {
            case PASSWORD, SECRET_STORE -> {
                b.append("CREATE ROLE ").append(role).append(" LOGIN;\n");
                b.append("\\password ").append(role).append("   -- psql prompts for it, so it stays out of history and logs\n");
                grants(b, role, db);
                b.append("\n-- pg_hba.conf, above broader lines (replace <client-cidr>), then SELECT pg_reload_conf();\n");
                b.append("hostssl ").append(db).append(' ').append(role).append(" <client-cidr> scram-sha-256\n\n");
                b.append(passwordHome(t)).append('\n');
            }
            case MTLS -> {
                b.append("CREATE ROLE ").append(role).append(" LOGIN;   -- no password: the client certificate authenticates\n");
                grants(b, role, db);
                b.append("\n-- postgresql.conf: the CA that signs client certificates\n");
                b.append("ssl_ca_file = '/path/to/client-ca.pem'\n");
                b.append("\n-- pg_hba.conf, above broader lines (replace <client-cidr>):\n");
                b.append("hostssl ").append(db).append(' ').append(role).append(" <client-cidr> cert clientcert=verify-full map=pgauth\n");
                b.append("\n-- pg_ident.conf: the certificate's CN logs in as the role; then SELECT pg_reload_conf();\n");
                b.append("pgauth  ").append(commonName(t)).append("  ").append(role).append('\n');
            }
            case AWS_RDS_IAM -> {
                b.append("CREATE ROLE ").append(role).append(" LOGIN;   -- no password\n");
                b.append("GRANT rds_iam TO ").append(role).append(";\n");
                grants(b, role, db);
                b.append("\n-- IAM policy for the identity pgauth runs as (DbiResourceId, not the DB identifier):\n");
                b.append("""
                        {
                          "Version": "2012-10-17",
                          "Statement": [{
                            "Effect": "Allow",
                            "Action": "rds-db:connect",
                            "Resource": "arn:aws:rds-db:%s:<account-id>:dbuser:<db-resource-id>/%s"
                          }]
                        }
                        """.formatted(region(t), t.user()));
            }
            case AZURE_ENTRA -> {
                b.append("-- As the server's Entra administrator, connected to the postgres database. The role name must equal the Entra\n");
                b.append("-- principal name (a managed identity's or application's display name, or a user's UPN):\n");
                b.append("SELECT * FROM pgaadauth_create_principal('").append(t.user().replace("'", "''")).append("', false, false);\n");
                grants(b, role, db);
                if (t.azureClientId() != null) {
                    b.append("-- pgauth asks for the token as the user-assigned managed identity with client ID ").append(t.azureClientId()).append(".\n");
                }
            }
            case GCP_CLOUDSQL_IAM -> {
                boolean serviceAccount = t.user().endsWith(".iam");
                String principal = serviceAccount ? t.user() + ".gserviceaccount.com" : t.user();
                b.append("-- 1. Enable IAM database authentication on the instance, once (--database-flags replaces the whole set:\n");
                b.append("--    list the flags the instance already has as well):\n");
                b.append("gcloud sql instances patch <instance> --database-flags=cloudsql.iam_authentication=on\n");
                b.append("-- 2. Create the IAM database user (a service account's database user is its email without .gserviceaccount.com):\n");
                b.append("gcloud sql users create ").append(principal).append(" --instance=<instance> --type=")
                        .append(serviceAccount ? "cloud_iam_service_account" : "cloud_iam_user").append('\n');
                b.append("-- 3. Let the identity log in:\n");
                b.append("gcloud projects add-iam-policy-binding <project> --member=").append(serviceAccount ? "serviceAccount:" : "user:")
                        .append(principal).append(" --role=roles/cloudsql.instanceUser\n");
                if (t.gcpImpersonateServiceAccount() != null) {
                    b.append("-- pgauth impersonates ").append(t.gcpImpersonateServiceAccount()).append(": its ambient identity needs Token Creator on it:\n");
                    b.append("gcloud iam service-accounts add-iam-policy-binding ").append(t.gcpImpersonateServiceAccount())
                            .append(" --member=<ambient principal> --role=roles/iam.serviceAccountTokenCreator\n");
                }
                b.append("-- 4. As a database administrator, in SQL:\n");
                grants(b, role, db);
            }
        }
        return b.toString();
    }

    /** The target's region, else the one in its RDS host name, else a placeholder. */
    private static String region(TargetSpec t) {
        return t.region() != null ? t.region() : RdsHosts.region(t.iamSigningHost()).orElse("<region>");
    }

    private static void grants(StringBuilder b, String role, String db) {
        b.append("GRANT pg_monitor TO ").append(role).append(";\n");
        b.append("GRANT CONNECT ON DATABASE ").append(db).append(" TO ").append(role).append(";\n");
    }

    private static String passwordHome(TargetSpec t) {
        if (t.passwordEnv() != null) {
            return "-- Then put the same password in the environment variable " + t.passwordEnv() + " where pgauth runs.";
        }
        if (t.passwordFile() != null) {
            return "-- Then write the same password to " + t.passwordFile() + " (one line; chmod 0600).";
        }
        if (t.pgpassFile() != null) {
            return "-- Then add a line to " + t.pgpassFile() + " (chmod 0600):\n-- " + t.host() + ":" + t.port() + ":"
                    + (t.dbname() == null ? t.user() : t.dbname()) + ":" + t.user() + ":<password>";
        }
        SecretRef ref = t.secretRef();
        String permission = switch (ref.backend()) {
            case AWS_SECRETS_MANAGER -> "secretsmanager:GetSecretValue on " + ref.ref();
            case AWS_SSM_PARAMETER -> "ssm:GetParameter on " + ref.ref() + " (plus kms:Decrypt on its key for a SecureString)";
            case AZURE_KEY_VAULT -> "Key Vault Secrets User (get) on " + ref.ref();
            case GCP_SECRET_MANAGER -> "secretmanager.versions.access on " + ref.ref();
        };
        String text = "-- Then store the same password in " + ref.backend().displayName() + " at " + ref.ref()
                + (t.secretJsonKey() == null ? "" : " (JSON key " + t.secretJsonKey() + ")")
                + "\n-- and give pgauth's identity " + permission + ".";
        return switch (ref.backend()) {
            case AWS_SECRETS_MANAGER -> text + "\n" + iamPolicy("\"secretsmanager:GetSecretValue\"", ref.ref());
            case AWS_SSM_PARAMETER -> text + "\n" + iamPolicy("\"ssm:GetParameter\"", ref.ref())
                    + "-- For a SecureString encrypted with a customer managed key, also allow kms:Decrypt on that key.\n";
            case AZURE_KEY_VAULT -> text + "\naz role assignment create --role \"Key Vault Secrets User\" --assignee <principal-id>"
                    + " --scope \"$(az keyvault show --name " + vaultName(ref) + " --query id -o tsv)/secrets/" + ((SecretRef.AzureKeyVault) ref).name() + "\"\n"
                    + "-- (the vault must use Azure RBAC; with access policies instead: az keyvault set-policy --name " + vaultName(ref)
                    + " --object-id <principal-id> --secret-permissions get)\n";
            case GCP_SECRET_MANAGER -> {
                SecretRef.GcpSecretManager g = (SecretRef.GcpSecretManager) ref;
                yield text + "\ngcloud secrets add-iam-policy-binding " + g.secret() + " --project=" + g.project()
                        + " --member=<principal> --role=roles/secretmanager.secretAccessor\n";
            }
        };
    }

    private static String vaultName(SecretRef ref) {
        String url = ((SecretRef.AzureKeyVault) ref).vaultUrl();
        return url.substring("https://".length(), url.indexOf('.'));
    }

    private static String iamPolicy(String actions, String resource) {
        return """
                {
                  "Version": "2012-10-17",
                  "Statement": [{
                    "Effect": "Allow",
                    "Action": [%s],
                    "Resource": "%s"
                  }]
                }
                """.formatted(actions, resource);
    }

    /** The CN of the configured client certificate, or a placeholder when it cannot be read. */
    private static String commonName(TargetSpec t) {
        try (InputStream in = Files.newInputStream(t.sslcert())) {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            Matcher m = CN.matcher(cert.getSubjectX500Principal().getName());
            return m.find() ? m.group(1) : "<certificate CN>";
        } catch (Exception e) {
            return "<certificate CN>";
        }
    }

    static String ident(String name) {
        return PLAIN_IDENTIFIER.matcher(name).matches() ? name : "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
