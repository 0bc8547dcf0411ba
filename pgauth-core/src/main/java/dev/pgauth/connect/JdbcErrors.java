package dev.pgauth.connect;

import dev.pgauth.PgAuthException;
import java.sql.SQLException;

/** Turns a classified pgauth failure into the SQLException JDBC callers and pools expect. */
public final class JdbcErrors {
    private JdbcErrors() {
    }

    public static SQLException toSqlException(PgAuthException e) {
        String state = switch (e.category()) {
            case CONFIG -> "22023";
            case CREDENTIAL -> "28000";
            case AUTH_REJECTED -> "28P01";
            case NO_SUCH_DATABASE -> "3D000";
            case PERMISSION, UNSAFE_ROLE -> "42501";
            case DNS, NETWORK, TLS, TIMEOUT -> "08001";
        };
        return new SQLException(e.getMessage() + " [" + e.category() + "]", state, e);
    }
}
