package dev.pgauth.connect;

import dev.pgauth.PgAuthException;
import dev.pgauth.config.TargetSpec;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} for one target: every {@link #getConnection()} is a new physical connection
 * with a credential from the target's provider. Hand it to a pool (HikariCP's {@code setDataSource}).
 */
public final class TargetDataSource implements DataSource {
    private final TargetSpec target;
    private final Connector connector;
    private PrintWriter logWriter;

    public TargetDataSource(TargetSpec target, Connector connector) {
        this.target = target;
        this.connector = connector;
    }

    public TargetSpec target() {
        return target;
    }

    @Override
    public Connection getConnection() throws SQLException {
        try {
            return connector.connect(target);
        } catch (PgAuthException e) {
            throw JdbcErrors.toSqlException(e);
        }
    }

    /** Credentials come from the target; a different user or password is refused rather than ignored. */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        if (username != null && !username.equals(target.user())) {
            throw new SQLException("target " + target.name() + " connects as " + target.user() + ", not " + username
                    + "; configure another target for another role", "28000");
        }
        return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // The target's connect_timeout bounds every connect.
    }

    @Override
    public int getLoginTimeout() {
        return (int) target.connectTimeout().toSeconds();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("pgauth logs through java.util.logging's global configuration");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("not a wrapper for " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }

    @Override
    public String toString() {
        return "TargetDataSource[" + target.name() + " " + target.user() + "@" + target.endpoint() + "]";
    }
}
