package dev.pgauth.cli;

import dev.pgauth.Deadline;
import dev.pgauth.PgAuthException;
import dev.pgauth.config.AuthMethod;
import dev.pgauth.config.ConfigException;
import dev.pgauth.config.ConfigLoader;
import dev.pgauth.config.ConfigProblem;
import dev.pgauth.config.TargetSpec;
import dev.pgauth.connect.Connector;
import dev.pgauth.credential.Credential;
import dev.pgauth.credential.CredentialProviders;
import dev.pgauth.credential.PasswordCredential;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "token", mixinStandardHelpOptions = true,
        description = {"Print a short-lived database token, alone on stdout (for psql, pgAdmin's password command, scripts).",
                "For an aws_rds_iam, azure_entra or gcp_cloudsql_iam target of the targets file,",
                "or ad hoc for RDS like `aws rds generate-db-auth-token`.",
                "This is the one command that prints a credential; nothing else about it is printed or logged."},
        footer = {"", "Examples:", "  PGPASSWORD=\"$(pgauth token --target rds-prod)\" psql \"host=… sslmode=verify-full …\"",
                "  pgauth token --target azure-flex-prod     # an Entra token (azure_entra)",
                "  pgauth token --target cloudsql-prod       # a Cloud SQL IAM token (gcp_cloudsql_iam)",
                "  pgauth token --host mydb.abc.us-east-1.rds.amazonaws.com --port 5432 --user app --region us-east-1",
                "", "Exit codes: 0 printed, 1 the token could not be made, 2 invalid config or usage."})
final class TokenCommand implements Callable<Integer> {
    private final CliContext cx;

    @Mixin
    ConfigOptions options;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Selection selection;

    static final class Selection {
        @Option(names = {"-t", "--target"}, paramLabel = "NAME", description = "A target of the targets file.")
        String target;

        @ArgGroup(exclusive = false)
        AdHoc adHoc;
    }

    static final class AdHoc {
        @Option(names = "--host", required = true, description = "The RDS endpoint (as RDS knows it).")
        String host;

        @Option(names = "--port", defaultValue = "5432", description = "Default: ${DEFAULT-VALUE}.")
        int port;

        @Option(names = "--user", required = true, description = "The database user (granted rds_iam).")
        String user;

        @Option(names = "--region", description = "Default: AWS_REGION, the profile, or the region in the host name.")
        String region;

        @Option(names = "--profile", description = "AWS profile (default: the default credential chain).")
        String profile;
    }

    TokenCommand(CliContext cx) {
        this.cx = cx;
    }

    @Override
    public Integer call() {
        CredentialProviders providers = CredentialProviders.discover(cx.env());
        Optional<TargetSpec> target = selection.target != null ? fromConfig() : adHoc(providers);
        if (target.isEmpty()) {
            return 2;
        }
        TargetSpec t = target.get();
        if (t.authMethod() != AuthMethod.AWS_RDS_IAM && t.authMethod() != AuthMethod.AZURE_ENTRA && t.authMethod() != AuthMethod.GCP_CLOUDSQL_IAM) {
            cx.err().println(t.name() + ": auth_method: pgauth token prints tokens of aws_rds_iam, azure_entra and gcp_cloudsql_iam targets, not "
                    + t.authMethod() + ". Use pgauth psql --target " + t.name() + " to open a session without handling the password.");
            return 2;
        }
        Connector connector = new Connector(providers, cx.env(), cx.clock());
        Credential credential;
        try {
            credential = connector.resolve(t, Deadline.after(t.connectTimeout(), cx.clock()));
        } catch (PgAuthException e) {
            cx.err().println(e.getMessage());
            return 1;
        }
        try {
            cx.out().println(((PasswordCredential) credential).secret());
            return 0;
        } finally {
            credential.destroy();
        }
    }

    private Optional<TargetSpec> fromConfig() {
        return options.select(cx, List.of(selection.target)).map(ConfigOptions.Selection::single);
    }

    private Optional<TargetSpec> adHoc(CredentialProviders providers) {
        AdHoc a = selection.adHoc;
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("name", "token");
        keys.put("host", a.host);
        keys.put("port", Integer.toString(a.port));
        keys.put("user", a.user);
        keys.put("auth_method", "aws_rds_iam");
        keys.put("sslrootcert_file", TargetSpec.SYSTEM_TRUST);
        if (a.region != null) {
            keys.put("region", a.region);
        }
        if (a.profile != null) {
            keys.put("aws_profile", a.profile);
        }
        try {
            return Optional.of(new ConfigLoader(cx.env(), List.of(providers.availabilityRule())).parseTarget(keys, false));
        } catch (ConfigException e) {
            e.errors().stream().map(ConfigProblem::render).forEach(cx.err()::println);
            return Optional.empty();
        }
    }
}
