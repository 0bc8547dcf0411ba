package dev.pgauth.jdbc;

import dev.pgauth.PgAuth;
import dev.pgauth.config.ConfigException;
import dev.pgauth.config.ConfigFiles;
import dev.pgauth.config.ConfigLoader;
import dev.pgauth.config.ConfigProblem;
import dev.pgauth.config.TargetSpec;
import dev.pgauth.connect.Connector;
import dev.pgauth.credential.CredentialProviders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * State shared by every connection made through pgauth-jdbc, because pgjdbc and DriverManager
 * create plugins and drivers per connection: the providers (credential chains, reusable tokens),
 * loaded targets files, and the connector. One default instance serves the driver and the plugin;
 * tests and DataSources may build their own with another environment or clock.
 */
public final class JdbcRuntime {
    private static final JdbcRuntime DEFAULT = new JdbcRuntime(System.getenv(), Clock.systemUTC());

    private final Map<String, String> env;
    private final Clock clock;
    private final CredentialProviders providers;
    private final Connector connector;
    private final Map<Path, LoadedConfig> configs = new ConcurrentHashMap<>();
    private final Map<Object, JdbcTargets.Resolved> standaloneTargets = new ConcurrentHashMap<>();

    public JdbcRuntime(Map<String, String> env, Clock clock) {
        this.env = Map.copyOf(env);
        this.clock = clock;
        this.providers = CredentialProviders.discover(this.env);
        this.connector = new Connector(providers, this.env, clock);
    }

    public static JdbcRuntime defaultRuntime() {
        return DEFAULT;
    }

    Map<String, String> env() {
        return env;
    }

    Connector connector() {
        return connector;
    }

    /** Validated standalone URL targets, by what they were made from. */
    Map<Object, JdbcTargets.Resolved> standaloneTargets() {
        return standaloneTargets;
    }

    ConfigLoader standaloneLoader() {
        return new ConfigLoader(env, List.of(providers.availabilityRule()));
    }

    /** Standalone targets that use a named generator get a generator provider, once per target. */
    void useGenerator(TargetSpec target, String generator) {
        providers.install(target, () -> new GeneratorProvider(target, generator, clock));
    }

    /** The named target from the targets file (explicit path, else the usual lookup), reloaded when the file changes. */
    TargetSpec target(String name, Path explicitConfig) throws ConfigException {
        Path file = ConfigFiles.locate(explicitConfig, env, Path.of("").toAbsolutePath(), Path.of(System.getProperty("user.home")))
                .orElseThrow(() -> new ConfigException(List.of(ConfigProblem.error(name, "pgauth.config",
                        "no targets file found (looked at " + ConfigFiles.candidates(null, env, Path.of("").toAbsolutePath(), Path.of(System.getProperty("user.home"))) + ")",
                        "Set pgauth.config=/path/to/pgauth.yaml in the URL or PGAUTH_CONFIG.", 0))))
                .toAbsolutePath().normalize();
        LoadedConfig loaded = configs.get(file);
        if (loaded == null || !loaded.isCurrent()) {
            loaded = new LoadedConfig(file, modified(file), PgAuth.load(file, env, clock));
            configs.put(file, loaded);
        }
        PgAuth pgauth = loaded.pgauth();
        return pgauth.config().target(name).orElseThrow(() -> new ConfigException(List.of(ConfigProblem.error(name, "pgauth.target",
                "no target of that name in " + file, "Use one of: " + pgauth.config().targets().stream().map(TargetSpec::name).toList() + ".", 0))));
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    /** A loaded targets file and the modification time it was loaded at. */
    private record LoadedConfig(Path file, FileTime modified, PgAuth pgauth) {
        boolean isCurrent() {
            return modified.equals(JdbcRuntime.modified(file));
        }
    }
}
