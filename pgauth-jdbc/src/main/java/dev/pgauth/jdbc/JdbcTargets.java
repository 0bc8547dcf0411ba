package dev.pgauth.jdbc;

import dev.pgauth.config.ConfigException;
import dev.pgauth.config.ConfigKeys;
import dev.pgauth.config.ConfigProblem;
import dev.pgauth.config.TargetSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Turns a URL plus connection properties into a validated target and the pgjdbc properties to
 * pass through. The same rules as a targets file apply (TLS per method, one password source, …).
 *
 * <p>Precedence for every key, highest first: a connection property (e.g. from a pool's config),
 * then a URL query parameter, then the URL's own parts. For the user: {@code pgauth.user}, then the
 * {@code user} property (a pool's username), then the URL's user info, then a {@code user} query
 * parameter. A password (URL user info, {@code password} parameter or property) is always dropped.
 */
final class JdbcTargets {
    static final String PREFIX = "pgauth.";
    static final String TARGET = "pgauth.target";
    static final String CONFIG = "pgauth.config";
    static final String GENERATOR = "pgauth.generator";
    static final String NAME = "pgauth.name";
    static final String METHOD = "pgauth.method";

    /** libpq / pgjdbc names accepted for target keys. */
    private static final Map<String, String> ALIASES = Map.of(
            "sslmode", ConfigKeys.SSLMODE,
            "sslrootcert", ConfigKeys.SSLROOTCERT_FILE,
            "sslcert", ConfigKeys.SSLCERT,
            "sslkey", ConfigKeys.SSLKEY,
            "applicationname", ConfigKeys.APPLICATION_NAME,
            "application_name", ConfigKeys.APPLICATION_NAME);

    /** pgjdbc settings that pgauth owns: passing them would bypass its TLS, credential or read-only policy. */
    private static final List<String> RESERVED_PREFIXES = List.of("ssl", "password", "authenticationplugin", "gss", "jaas", "kerberos",
            "sspi", "socketfactory", "options", "user", "pghost", "pgport", "pgdbname", "loggerlevel", "loggerfile");

    /** The validated target and the pgjdbc properties to pass through. */
    record Resolved(TargetSpec target, Properties pgjdbc) {
    }

    private JdbcTargets() {
    }

    static Resolved resolve(Dsn dsn, Properties info, JdbcRuntime runtime) throws ConfigException {
        Map<String, String> merged = new LinkedHashMap<>(dsn.params());
        if (info != null) {
            for (String key : info.stringPropertyNames()) {
                merged.put(key, info.getProperty(key));
            }
        }
        merged.remove("password");
        if (dsn.target() != null || merged.containsKey(TARGET)) {
            return byName(dsn, merged, runtime); // cheap: the loaded file is cached and reloaded only when it changes
        }
        // A standalone URL is validated once, not on every new connection.
        StandaloneKey key = new StandaloneKey(dsn, Map.copyOf(merged));
        Resolved known = runtime.standaloneTargets().get(key);
        if (known == null) {
            known = standalone(dsn, merged, runtime);
            runtime.standaloneTargets().put(key, known);
        }
        return known;
    }

    /** What a standalone target is made from (the URL and the connection properties, without any password). */
    private record StandaloneKey(Dsn dsn, Map<String, String> properties) {
    }

    private static Resolved byName(Dsn dsn, Map<String, String> keys, JdbcRuntime runtime) throws ConfigException {
        String name = keys.getOrDefault(TARGET, dsn.target());
        String config = keys.get(CONFIG);
        TargetSpec target = runtime.target(name, config == null ? null : Path.of(config));
        List<ConfigProblem> problems = new ArrayList<>();
        Properties pgjdbc = new Properties();
        for (Map.Entry<String, String> e : keys.entrySet()) {
            String key = e.getKey();
            if (key.equals(TARGET) || key.equals(CONFIG)) {
                continue;
            }
            if (key.equals("user") || key.equals(PREFIX + "user")) {
                if (!e.getValue().isEmpty() && !e.getValue().equals(target.user())) {
                    problems.add(ConfigProblem.error(name, key, "'" + e.getValue() + "' differs from the target's user " + target.user(),
                            "Remove the username from the pool or URL settings; the target decides the role.", 0));
                }
            } else if (key.startsWith(PREFIX) || ALIASES.containsKey(key.toLowerCase(Locale.ROOT))) {
                problems.add(ConfigProblem.error(name, key, "cannot be set in the URL for a target from the targets file",
                        "Change it in the targets file, or use a standalone jdbc:pgauth:postgresql:// URL.", 0));
            } else {
                passThrough(name, key, e.getValue(), pgjdbc, problems);
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new Resolved(target, pgjdbc);
    }

    private static Resolved standalone(Dsn dsn, Map<String, String> keys, JdbcRuntime runtime) throws ConfigException {
        Map<String, String> target = new LinkedHashMap<>();
        Properties pgjdbc = new Properties();
        List<ConfigProblem> problems = new ArrayList<>();
        String generator = keys.get(GENERATOR);
        String user = first(keys.get(PREFIX + "user"), keys.get("user"), dsn.user());
        if (user != null) {
            target.put(ConfigKeys.USER, user);
        }
        if (dsn.host() != null) {
            target.put(ConfigKeys.HOST, dsn.host());
        }
        if (dsn.port() != null) {
            target.put(ConfigKeys.PORT, dsn.port().toString());
        }
        if (dsn.dbname() != null) {
            target.put(ConfigKeys.DBNAME, dsn.dbname());
        }
        for (Map.Entry<String, String> e : keys.entrySet()) {
            String key = e.getKey();
            String lower = key.toLowerCase(Locale.ROOT);
            if (key.equals("user") || key.equals(PREFIX + "user") || key.equals(GENERATOR) || key.equals(NAME)) {
                continue;
            }
            if (key.equals(METHOD)) {
                target.put(ConfigKeys.AUTH_METHOD, e.getValue());
            } else if (key.startsWith(PREFIX)) {
                target.put(key.substring(PREFIX.length()), e.getValue());
            } else if (ALIASES.containsKey(lower)) {
                target.put(ALIASES.get(lower), e.getValue());
            } else if (lower.equals("connecttimeout")) {
                target.put(ConfigKeys.CONNECT_TIMEOUT, e.getValue() + "s");
            } else {
                passThrough("jdbc url", key, e.getValue(), pgjdbc, problems);
            }
        }
        target.put(ConfigKeys.NAME, keys.getOrDefault(NAME, syntheticName(generator, user, dsn)));
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        TargetSpec spec = runtime.standaloneLoader().parseTarget(target, generator != null);
        if (generator != null) {
            runtime.useGenerator(spec, generator);
        }
        return new Resolved(spec, pgjdbc);
    }

    private static void passThrough(String label, String key, String value, Properties pgjdbc, List<ConfigProblem> problems) {
        String lower = key.toLowerCase(Locale.ROOT);
        if (RESERVED_PREFIXES.stream().anyMatch(lower::startsWith)) {
            problems.add(ConfigProblem.error(label, key, "is set by pgauth and cannot be passed to pgjdbc",
                    "Remove it; pgauth decides TLS, credentials and session options from the target.", 0));
        } else {
            pgjdbc.setProperty(key, value);
        }
    }

    /** A stable name for a URL-defined target, so equal URLs share one provider. */
    private static String syntheticName(String generator, String user, Dsn dsn) {
        String raw = (generator == null ? "url" : "gen-" + generator) + "." + user + "." + dsn.host() + "." + (dsn.port() == null ? 5432 : dsn.port())
                + "." + (dsn.dbname() == null ? "" : dsn.dbname());
        String cleaned = raw.replaceAll("[^A-Za-z0-9._-]", "_");
        return cleaned.length() > 63 ? cleaned.substring(0, 54) + "-" + Integer.toHexString(raw.hashCode()) : cleaned;
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return null;
    }
}
