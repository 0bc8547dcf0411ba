package dev.pgauth.config;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Every key a targets file may use, and "did you mean" for the ones it may not. */
public final class ConfigKeys {
    public static final String ENV = "env";
    public static final String TARGETS = "targets";

    public static final String NAME = "name";
    public static final String HOST = "host";
    public static final String PORT = "port";
    public static final String DBNAME = "dbname";
    public static final String USER = "user";
    public static final String ENABLED = "enabled";
    public static final String AUTH_METHOD = "auth_method";
    public static final String SSLMODE = "sslmode";
    public static final String SSLROOTCERT_FILE = "sslrootcert_file";
    public static final String PASSWORD_ENV = "password_env";
    public static final String PASSWORD_FILE = "password_file";
    public static final String PGPASS_FILE = "pgpass_file";
    public static final String REGION = "region";
    public static final String SECRET_REF = "secret_ref";
    public static final String SECRET_JSON_KEY = "secret_json_key";
    public static final String MAX_CACHE_TTL = "max_cache_ttl";
    public static final String AZURE_CLIENT_ID = "azure_client_id";
    public static final String GCP_IMPERSONATE_SERVICE_ACCOUNT = "gcp_impersonate_service_account";
    public static final String SSLCERT = "sslcert";
    public static final String SSLKEY = "sslkey";
    public static final String SSLKEY_PASSPHRASE_FILE = "sslkey_passphrase_file";
    public static final String CONNECT_TIMEOUT = "connect_timeout";
    public static final String APPLICATION_NAME = "application_name";
    public static final String READ_ONLY = "read_only";
    public static final String AWS_PROFILE = "aws_profile";
    public static final String AWS_ASSUME_ROLE_ARN = "aws_assume_role_arn";
    public static final String AWS_EXTERNAL_ID = "aws_external_id";
    public static final String AWS_ROLE_SESSION_NAME = "aws_role_session_name";
    public static final String IAM_HOST = "iam_host";
    public static final String IAM_PORT = "iam_port";

    public static final List<String> TOP_LEVEL = List.of(ENV, TARGETS);
    public static final List<String> TARGET = List.of(NAME, HOST, PORT, DBNAME, USER, ENABLED, AUTH_METHOD, SSLMODE,
            SSLROOTCERT_FILE, PASSWORD_ENV, PASSWORD_FILE, PGPASS_FILE, REGION, SECRET_REF, SECRET_JSON_KEY,
            MAX_CACHE_TTL, AZURE_CLIENT_ID, GCP_IMPERSONATE_SERVICE_ACCOUNT, SSLCERT, SSLKEY, SSLKEY_PASSPHRASE_FILE,
            CONNECT_TIMEOUT, APPLICATION_NAME, READ_ONLY, AWS_PROFILE, AWS_ASSUME_ROLE_ARN, AWS_EXTERNAL_ID, AWS_ROLE_SESSION_NAME, IAM_HOST, IAM_PORT);
    public static final List<String> PASSWORD_SOURCES = List.of(PASSWORD_ENV, PASSWORD_FILE, PGPASS_FILE);

    private ConfigKeys() {
    }

    /** Names users bring from libpq, JDBC and other tools. */
    private static final java.util.Map<String, String> ALIASES = java.util.Map.of(
            "sslrootcert", SSLROOTCERT_FILE,
            "passfile", PGPASS_FILE,
            "pgpassfile", PGPASS_FILE,
            "sslpassword", SSLKEY_PASSPHRASE_FILE,
            "database", DBNAME,
            "username", USER,
            "hostname", HOST,
            "method", AUTH_METHOD,
            "sslrootcertfile", SSLROOTCERT_FILE);

    /** The closest known key to {@code unknown}, if one is close enough to be a likely typo. */
    public static Optional<String> suggest(String unknown, List<String> known) {
        String normalized = normalize(unknown);
        String alias = ALIASES.get(normalized.replace("_", ""));
        if (alias != null && known.contains(alias)) {
            return Optional.of(alias);
        }
        return known.stream()
                .filter(k -> normalize(k).equals(normalized) || distance(normalized, normalize(k)) <= Math.max(2, k.length() / 4))
                .min(Comparator.comparingInt(k -> distance(normalized, normalize(k))));
    }

    private static String normalize(String key) {
        return key.toLowerCase(Locale.ROOT).replace('-', '_').replace('.', '_').replace(' ', '_');
    }

    /** Levenshtein distance; keys are short, so the quadratic table is fine. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
