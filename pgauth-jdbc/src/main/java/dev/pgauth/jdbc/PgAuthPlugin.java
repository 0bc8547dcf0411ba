package dev.pgauth.jdbc;

import dev.pgauth.Deadline;
import dev.pgauth.PgAuthException;
import dev.pgauth.config.ConfigException;
import dev.pgauth.config.SslMode;
import dev.pgauth.config.TargetSpec;
import dev.pgauth.credential.Credential;
import dev.pgauth.credential.PasswordCredential;
import java.time.Clock;
import java.util.Locale;
import java.util.Properties;
import org.postgresql.plugin.AuthenticationPlugin;
import org.postgresql.plugin.AuthenticationRequestType;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

/**
 * For plain {@code jdbc:postgresql://} URLs:
 * {@code authenticationPluginClassName=dev.pgauth.jdbc.PgAuthPlugin} plus {@code pgauth.target=NAME}
 * or standalone keys ({@code pgauth.method}, {@code pgauth.password_env}, {@code pgauth.generator}, …).
 * pgjdbc does the TLS itself here, so its {@code sslmode} must be at least what the target requires;
 * the plugin refuses to hand out a credential otherwise. Prefer {@code jdbc:pgauth:} URLs, which
 * also retry once when a reused token is rejected.
 */
public final class PgAuthPlugin implements AuthenticationPlugin {
    private final Properties properties;

    /** Called by pgjdbc, once per connection, with the connection properties. */
    public PgAuthPlugin(Properties properties) {
        this.properties = properties;
    }

    @Override
    public char[] getPassword(AuthenticationRequestType type) throws PSQLException {
        JdbcRuntime runtime = JdbcRuntime.defaultRuntime();
        TargetSpec target = target(runtime);
        requireTls(target);
        Credential credential;
        try {
            credential = runtime.connector().resolve(target, Deadline.after(target.connectTimeout(), Clock.systemUTC()));
        } catch (PgAuthException e) {
            throw new PSQLException(e.getMessage(), PSQLState.INVALID_AUTHORIZATION_SPECIFICATION);
        }
        try {
            if (credential instanceof PasswordCredential password) {
                return password.secret(); // a copy: pgjdbc wipes it after use
            }
            throw new PSQLException("target " + target.name() + " authenticates with a client certificate; use a jdbc:pgauth: URL for mtls",
                    PSQLState.INVALID_AUTHORIZATION_SPECIFICATION);
        } finally {
            credential.destroy();
        }
    }

    private TargetSpec target(JdbcRuntime runtime) throws PSQLException {
        // pgjdbc's TLS keys describe a standalone target; a named target's TLS rules come from its file.
        boolean named = properties.getProperty(JdbcTargets.TARGET) != null;
        Properties relevant = new Properties();
        for (String key : properties.stringPropertyNames()) {
            String lower = key.toLowerCase(Locale.ROOT);
            if (key.startsWith(JdbcTargets.PREFIX) || lower.equals("user")
                    || !named && (lower.equals("sslmode") || lower.equals("sslrootcert") || lower.equals("applicationname"))) {
                relevant.setProperty(key, properties.getProperty(key));
            }
        }
        String host = first(properties.getProperty("PGHOST"));
        String port = first(properties.getProperty("PGPORT"));
        Dsn dsn = new Dsn(null, host, port == null ? null : Integer.valueOf(port), properties.getProperty("PGDBNAME"), null, false, java.util.Map.of());
        try {
            return JdbcTargets.resolve(dsn, relevant, runtime).target();
        } catch (ConfigException e) {
            throw new PSQLException(e.getMessage(), PSQLState.INVALID_PARAMETER_VALUE);
        }
    }

    /** pgjdbc's own sslmode decides what was verified before this password request. */
    private void requireTls(TargetSpec target) throws PSQLException {
        SslMode used = SslMode.fromKey(properties.getProperty("sslmode", "prefer")).orElse(SslMode.PREFER);
        boolean enough = target.sslmode() == SslMode.VERIFY_FULL ? used == SslMode.VERIFY_FULL : !target.sslmode().verifiesCertificate() || used.verifiesCertificate();
        if (!enough) {
            throw new PSQLException("target " + target.name() + " requires sslmode " + target.sslmode() + " but this pgjdbc connection uses " + used
                    + "; the credential is not sent. Add sslmode=" + target.sslmode() + "&sslrootcert=<CA bundle> to the URL",
                    PSQLState.INVALID_AUTHORIZATION_SPECIFICATION);
        }
    }

    /** pgjdbc lists multiple hosts comma-separated; the credential is for the first. */
    private static String first(String list) {
        return list == null ? null : list.split(",")[0];
    }
}
