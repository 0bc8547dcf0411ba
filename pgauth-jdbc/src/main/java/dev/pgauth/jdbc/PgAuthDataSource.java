package dev.pgauth.jdbc;

import dev.pgauth.connect.PgAuthDataSourceBase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * A DataSource for a {@code jdbc:pgauth:} URL, for pools configured with a DataSource (HikariCP's
 * {@code setDataSource}) or frameworks that want one. Every {@link #getConnection()} is a new
 * physical connection with a fresh (or still valid, reused) credential.
 */
public final class PgAuthDataSource extends PgAuthDataSourceBase {
    private final Dsn dsn;
    private final String redactedUrl;
    private final JdbcRuntime runtime;
    private final Properties properties = new Properties();

    public PgAuthDataSource(String url) {
        this(url, JdbcRuntime.defaultRuntime());
    }

    /** With its own runtime (environment, clock), e.g. for tests or isolated tenants. */
    public PgAuthDataSource(String url, JdbcRuntime runtime) {
        this.dsn = Dsn.parse(url).filter(d -> url.startsWith(Dsn.PREFIX))
                .orElseThrow(() -> new IllegalArgumentException("not a pgauth JDBC URL: " + Dsn.redact(url)));
        this.redactedUrl = Dsn.redact(url);
        this.runtime = runtime;
    }

    /** Sets a connection property (same keys as URL parameters). */
    public PgAuthDataSource property(String key, String value) {
        properties.setProperty(key, value);
        return this;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return PgAuthDriver.connect(runtime, dsn, properties);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        Properties p = new Properties();
        p.putAll(properties);
        if (username != null) {
            p.setProperty("user", username);
        }
        return PgAuthDriver.connect(runtime, dsn, p); // the password is never used: pgauth supplies the credential
    }

    @Override
    public String toString() {
        return "PgAuthDataSource[" + redactedUrl + "]";
    }
}
