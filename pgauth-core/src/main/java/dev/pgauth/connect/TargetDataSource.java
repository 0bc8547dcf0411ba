package dev.pgauth.connect;

import dev.pgauth.PgAuthException;
import dev.pgauth.config.TargetSpec;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A {@link javax.sql.DataSource} for one target: every {@link #getConnection()} is a new physical connection
 * with a credential from the target's provider. Hand it to a pool (HikariCP's {@code setDataSource}).
 */
public final class TargetDataSource extends PgAuthDataSourceBase {
    private final TargetSpec target;
    private final Connector connector;

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

    /** The target supplies the credential: a different user is refused, a password is ignored. */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        if (username != null && !username.equals(target.user())) {
            throw new SQLException("target " + target.name() + " connects as " + target.user() + ", not " + username
                    + "; configure another target for another role", "28000");
        }
        return getConnection();
    }

    @Override
    public String toString() {
        return "TargetDataSource[" + target.name() + " " + target.user() + "@" + target.endpoint() + "]";
    }
}
