package dev.pgauth.jdbc;

import dev.pgauth.Deadline;
import dev.pgauth.PgAuthException;
import dev.pgauth.config.ConfigException;
import dev.pgauth.connect.JdbcErrors;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Clock;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * A JDBC driver for {@code jdbc:pgauth:} URLs, so any pool or framework gets pgauth credentials
 * from configuration alone:
 * <ul>
 *   <li>{@code jdbc:pgauth:prod-primary} (a target of the targets file; {@code ?pgauth.config=/path} to name the file)</li>
 *   <li>{@code jdbc:pgauth:postgresql://app@db.internal:5432/appdb?sslmode=verify-full&sslrootcert=/ca.pem&pgauth.password_file=/run/pw}</li>
 * </ul>
 * Connections are made by pgjdbc with pgauth's TLS policy and credential.
 */
public final class PgAuthDriver implements java.sql.Driver {
    static {
        try {
            DriverManager.registerDriver(new PgAuthDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final JdbcRuntime runtime;

    public PgAuthDriver() {
        this(JdbcRuntime.defaultRuntime());
    }

    PgAuthDriver(JdbcRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null; // DriverManager asks every driver; this URL is another's
        }
        Dsn dsn = Dsn.parse(url).orElseThrow(() -> new SQLException("not a valid pgauth JDBC URL: " + Dsn.redact(url)
                + "; use jdbc:pgauth:<target> or jdbc:pgauth:postgresql://user@host:port/db?…", "08001"));
        return connect(runtime, dsn, info);
    }

    static Connection connect(JdbcRuntime runtime, Dsn dsn, Properties info) throws SQLException {
        JdbcTargets.Resolved resolved;
        try {
            resolved = JdbcTargets.resolve(dsn, info, runtime);
        } catch (ConfigException e) {
            throw new SQLException(e.getMessage(), "22023");
        }
        try {
            return runtime.connector().connect(resolved.target(), Deadline.after(resolved.target().connectTimeout(), Clock.systemUTC()), resolved.pgjdbc());
        } catch (PgAuthException e) {
            throw JdbcErrors.toSqlException(e);
        }
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(Dsn.PREFIX);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        DriverPropertyInfo target = new DriverPropertyInfo(JdbcTargets.TARGET, info == null ? null : info.getProperty(JdbcTargets.TARGET));
        target.description = "Target name in the targets file";
        DriverPropertyInfo config = new DriverPropertyInfo(JdbcTargets.CONFIG, info == null ? null : info.getProperty(JdbcTargets.CONFIG));
        config.description = "Path of the targets file (default: PGAUTH_CONFIG, ./pgauth.yaml, …)";
        return new DriverPropertyInfo[] {target, config};
    }

    @Override
    public int getMajorVersion() {
        return 0;
    }

    @Override
    public int getMinorVersion() {
        return 1;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("pgauth logs through java.util.logging's global configuration");
    }
}
