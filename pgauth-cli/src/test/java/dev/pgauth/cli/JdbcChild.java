package dev.pgauth.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * An application in its own process: opens {@code args[0]} (a {@code jdbc:pgauth:} URL) with
 * DriverManager, as a service would, and prints {@code current_user}. For identity sources that
 * libraries read only from the real process environment.
 */
public final class JdbcChild {
    private JdbcChild() {
    }

    public static void main(String[] args) throws SQLException {
        try (Connection c = DriverManager.getConnection(args[0]); ResultSet rs = c.createStatement().executeQuery("select current_user")) {
            rs.next();
            System.out.println(rs.getString(1));
        }
    }
}
