package dev.pgauth;

import dev.pgauth.config.ConfigException;
import dev.pgauth.config.ConfigLoader;
import dev.pgauth.config.TargetSpec;
import dev.pgauth.config.TargetsConfig;
import dev.pgauth.connect.Connector;
import dev.pgauth.connect.TargetDataSource;
import dev.pgauth.credential.CredentialProviders;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Entry point for code: load and validate a targets file, then connect to its targets.
 * <pre>{@code
 * PgAuth pgauth = PgAuth.load(Path.of("pgauth.yaml"), System.getenv());
 * try (Connection c = pgauth.connect("prod-primary")) { ... }
 * }</pre>
 */
public final class PgAuth {
    private final TargetsConfig config;
    private final Connector connector;

    private PgAuth(TargetsConfig config, Connector connector) {
        this.config = config;
        this.connector = connector;
    }

    /** Loads and validates the file, reporting every problem at once, including methods whose module is missing. */
    public static PgAuth load(Path file, Map<String, String> env) throws ConfigException {
        return load(file, env, Clock.systemUTC());
    }

    public static PgAuth load(Path file, Map<String, String> env, Clock clock) throws ConfigException {
        CredentialProviders providers = CredentialProviders.discover(env);
        TargetsConfig config = new ConfigLoader(env, List.of(providers.availabilityRule())).load(file);
        return new PgAuth(config, new Connector(providers, env, clock));
    }

    public TargetsConfig config() {
        return config;
    }

    public Connector connector() {
        return connector;
    }

    /** A new read-only connection to the named target, with a freshly resolved credential. */
    public java.sql.Connection connect(String targetName) throws PgAuthException {
        return connector.connect(enabledTarget(targetName));
    }

    /** A DataSource for the named target, e.g. for HikariCP's {@code setDataSource}. */
    public javax.sql.DataSource dataSource(String targetName) throws PgAuthException {
        return new TargetDataSource(enabledTarget(targetName), connector);
    }

    private TargetSpec enabledTarget(String targetName) throws PgAuthException {
        TargetSpec target = config.target(targetName).orElseThrow(() -> new PgAuthException(FailureCategory.CONFIG, targetName,
                "no target named " + targetName + " in " + config.source(), "Use one of the names under 'targets:'."));
        if (!target.enabled()) {
            throw new PgAuthException(FailureCategory.CONFIG, targetName, "the target is disabled (enabled: false)", "Set enabled: true to connect to it.");
        }
        return target;
    }
}
