package dev.pgauth.config;

import static dev.pgauth.config.ConfigLoader.line;
import static dev.pgauth.config.ConfigLoader.printable;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Reads one target's keys into typed values, reporting each malformed value. Cross-key rules are {@link TargetRules}. */
final class TargetReader {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    private static final Pattern ENV_VAR = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");
    private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofMinutes(10);

    private final String fallbackLabel;
    private final Path baseDir;
    private final List<ConfigProblem> problems;
    private final Set<String> badKeys = new HashSet<>();
    private String label;
    private Map<String, NodeTuple> keys;

    TargetReader(String fallbackLabel, Path baseDir, List<ConfigProblem> problems) {
        this.fallbackLabel = fallbackLabel;
        this.baseDir = baseDir;
        this.problems = problems;
    }

    /**
     * What was read: the target (malformed values replaced by defaults, so cross-key rules still
     * run), the label to report it under, and the keys whose values were malformed.
     */
    record Read(TargetSpec spec, String label, Set<String> badKeys) {
        /** Name, host and user are all usable: the target can be connected to once its errors are fixed. */
        boolean complete() {
            return spec.name() != null && spec.host() != null && spec.user() != null;
        }
    }

    Read read(Map<String, NodeTuple> keys, int line) {
        this.keys = keys;
        this.label = fallbackLabel;
        String name = text(ConfigKeys.NAME);
        if (name != null && !NAME.matcher(name).matches()) {
            error(ConfigKeys.NAME, "'" + printable(name) + "' is not a valid target name",
                    "Use 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit.");
            name = null;
        } else if (name != null) {
            label = name;
        }
        if (name == null && !keys.containsKey(ConfigKeys.NAME)) {
            problems.add(ConfigProblem.error(label, ConfigKeys.NAME, "missing", "Give every target a unique name.", line));
        }
        String host = required(ConfigKeys.HOST, "Set host to the server's DNS name or IP address.", line);
        String user = required(ConfigKeys.USER, "Set user to the least-privilege login role pgauth connects as.", line);
        int port = port(ConfigKeys.PORT);
        String dbname = optionalText(ConfigKeys.DBNAME);
        boolean enabled = bool(ConfigKeys.ENABLED, true);
        AuthMethod method = enumValue(ConfigKeys.AUTH_METHOD, AuthMethod::fromKey, AuthMethod.PASSWORD,
                "Use one of: " + AuthMethod.supportedKeys() + " (lower case).");
        SslMode sslmode = enumValue(ConfigKeys.SSLMODE, SslMode::fromKey, SslMode.VERIFY_FULL,
                "Use one of: " + SslMode.supportedKeys() + ".");
        String rootcert = optionalText(ConfigKeys.SSLROOTCERT_FILE);
        if (rootcert != null && !rootcert.equals(TargetSpec.SYSTEM_TRUST)) {
            rootcert = path(ConfigKeys.SSLROOTCERT_FILE).map(Path::toString).orElse(null);
        }
        String passwordEnv = optionalText(ConfigKeys.PASSWORD_ENV);
        if (passwordEnv != null && !ENV_VAR.matcher(passwordEnv).matches()) {
            // The value is not echoed: a malformed variable name is often a pasted password.
            error(ConfigKeys.PASSWORD_ENV, "must be the name of an environment variable (the value is not shown)",
                    "Set password_env to a variable name such as PGPASSWORD_APP, and put the password in that variable.");
            passwordEnv = null;
        }
        SecretRef secretRef = null;
        String secretRefText = optionalText(ConfigKeys.SECRET_REF);
        if (secretRefText != null) {
            secretRef = SecretRef.parse(secretRefText).orElse(null);
            if (secretRef == null) {
                error(ConfigKeys.SECRET_REF, "'" + printable(secretRefText) + "' matches none of the accepted forms",
                        "Use one of: " + String.join("; ", SecretRef.ACCEPTED_FORMS) + ".");
            }
        }
        Duration connectTimeout = duration(ConfigKeys.CONNECT_TIMEOUT, TargetSpec.DEFAULT_CONNECT_TIMEOUT);
        if (connectTimeout.isZero() || connectTimeout.compareTo(MAX_CONNECT_TIMEOUT) > 0) {
            error(ConfigKeys.CONNECT_TIMEOUT, "must be more than 0 and at most 10m", "Use a value such as 10s.");
        }
        String applicationName = optionalText(ConfigKeys.APPLICATION_NAME);
        if (applicationName != null && (applicationName.length() > 63 || applicationName.chars().anyMatch(c -> c < 32 || c > 126))) {
            error(ConfigKeys.APPLICATION_NAME, "must be at most 63 printable ASCII characters", "Shorten it.");
        }
        TargetSpec spec = new TargetSpec(name, host, port, dbname, user, enabled, method, sslmode, rootcert,
                passwordEnv, path(ConfigKeys.PASSWORD_FILE).orElse(null), path(ConfigKeys.PGPASS_FILE).orElse(null),
                optionalText(ConfigKeys.REGION), secretRef, optionalText(ConfigKeys.SECRET_JSON_KEY),
                keys.containsKey(ConfigKeys.MAX_CACHE_TTL) ? duration(ConfigKeys.MAX_CACHE_TTL, Duration.ZERO) : null,
                optionalText(ConfigKeys.AZURE_CLIENT_ID), optionalText(ConfigKeys.GCP_IMPERSONATE_SERVICE_ACCOUNT),
                path(ConfigKeys.SSLCERT).orElse(null), path(ConfigKeys.SSLKEY).orElse(null),
                path(ConfigKeys.SSLKEY_PASSPHRASE_FILE).orElse(null), connectTimeout,
                applicationName == null ? TargetSpec.DEFAULT_APPLICATION_NAME : applicationName,
                bool(ConfigKeys.READ_ONLY, true), optionalText(ConfigKeys.AWS_PROFILE), roleArn(),
                optionalText(ConfigKeys.AWS_EXTERNAL_ID), optionalText(ConfigKeys.AWS_ROLE_SESSION_NAME), optionalText(ConfigKeys.IAM_HOST),
                keys.containsKey(ConfigKeys.IAM_PORT) ? port(ConfigKeys.IAM_PORT) : null, line);
        return new Read(spec, label, Set.copyOf(badKeys));
    }

    private String required(String key, String fix, int line) {
        if (!keys.containsKey(key)) {
            problems.add(ConfigProblem.error(label, key, "missing", fix, line));
            return null;
        }
        return text(key);
    }

    private String optionalText(String key) {
        return keys.containsKey(key) ? text(key) : null;
    }

    /** The key's scalar text; null (with an error) when it is empty, a list or a mapping. */
    private String text(String key) {
        NodeTuple tuple = keys.get(key);
        if (tuple == null) {
            return null;
        }
        Node value = tuple.getValueNode();
        if (!(value instanceof ScalarNode scalar)) {
            error(key, "must be a single value, not a list or mapping", "Write it as '" + key + ": value'.", value);
            return null;
        }
        if (scalar.getTag().equals(Tag.NULL) || scalar.getValue().isBlank()) {
            error(key, "has no value", "Set a value or remove the key.", value);
            return null;
        }
        if (scalar.getValue().chars().anyMatch(Character::isISOControl)) {
            error(key, "contains control characters", "Remove them.", value);
            return null;
        }
        return scalar.getValue().strip();
    }

    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws(?:-cn|-us-gov)?:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");

    private String roleArn() {
        String value = optionalText(ConfigKeys.AWS_ASSUME_ROLE_ARN);
        if (value != null && !ROLE_ARN.matcher(value).matches()) {
            error(ConfigKeys.AWS_ASSUME_ROLE_ARN, "'" + printable(value) + "' is not an IAM role ARN", "Use arn:aws:iam::<account-id>:role/<name>.");
            return null;
        }
        return value;
    }

    private int port(String key) {
        String value = optionalText(key);
        if (value == null) {
            return TargetSpec.DEFAULT_PORT;
        }
        try {
            int port = Integer.parseInt(value);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        error(key, "'" + printable(value) + "' is not a port number", "Use a whole number from 1 to 65535 (PostgreSQL's default is 5432).");
        return TargetSpec.DEFAULT_PORT;
    }

    private boolean bool(String key, boolean defaultValue) {
        String value = optionalText(key);
        if (value == null) {
            return defaultValue;
        }
        return switch (value) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> {
                error(key, "'" + printable(value) + "' is not true or false", "Use true or false.");
                yield defaultValue;
            }
        };
    }

    private <E> E enumValue(String key, java.util.function.Function<String, Optional<E>> parse, E defaultValue, String fix) {
        String value = optionalText(key);
        if (value == null) {
            return defaultValue;
        }
        return parse.apply(value).orElseGet(() -> {
            error(key, "'" + printable(value) + "' is not supported", fix);
            return defaultValue;
        });
    }

    private Duration duration(String key, Duration defaultValue) {
        String value = optionalText(key);
        if (value == null) {
            return defaultValue;
        }
        return Durations.parse(value).orElseGet(() -> {
            error(key, "'" + printable(value) + "' is not a duration", "Use a number with a unit: 500ms, 10s, 5m or 1h.");
            return defaultValue;
        });
    }

    /** A file path; {@code ~/} expands to the home directory, relative paths resolve against the config file's directory. */
    private Optional<Path> path(String key) {
        String value = optionalText(key);
        if (value == null) {
            return Optional.empty();
        }
        try {
            String expanded = value.startsWith("~/") ? System.getProperty("user.home") + value.substring(1) : value;
            return Optional.of(baseDir.resolve(expanded).normalize());
        } catch (java.nio.file.InvalidPathException e) {
            error(key, "'" + printable(value) + "' is not a valid file path", "Use a path such as /etc/pgauth/ca.pem.");
            return Optional.empty();
        }
    }

    private void error(String key, String message, String fix) {
        NodeTuple tuple = keys.get(key);
        error(key, message, fix, tuple == null ? null : tuple.getValueNode());
    }

    private void error(String key, String message, String fix, Node at) {
        badKeys.add(key);
        problems.add(ConfigProblem.error(label, key, message, fix, line(at)));
    }
}
