package dev.pgauth.connect;

import dev.pgauth.FailureCategory;
import dev.pgauth.PgAuthException;
import dev.pgauth.config.AuthMethod;
import dev.pgauth.config.TargetSpec;
import dev.pgauth.tls.TlsProbe;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import javax.net.ssl.SSLException;

/** Classifies pgjdbc's connect failures into one category, one sentence of what and one of how to fix. */
final class SqlFailures {
    private SqlFailures() {
    }

    static PgAuthException classify(TargetSpec t, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = String.valueOf(e.getMessage());
        String who = "role " + t.user();
        switch (state) {
            case "28P01":
                return new PgAuthException(FailureCategory.AUTH_REJECTED, t.name(), "the server rejected the password for " + who,
                        "Check that " + source(t) + " holds the role's current password.", e);
            case "28000":
                return new PgAuthException(FailureCategory.AUTH_REJECTED, t.name(), "the server refused the login for " + who + ": " + serverText(message),
                        t.authMethod() == AuthMethod.MTLS
                                ? "Check pg_hba.conf has 'hostssl … cert clientcert=verify-full' for this role and that pg_ident.conf maps the certificate CN to it (see pgauth setup)."
                                : "Check pg_hba.conf allows this role from this host over hostssl (see pgauth setup).", e);
            case "3D000":
                return new PgAuthException(FailureCategory.NO_SUCH_DATABASE, t.name(), "database " + dbname(t) + " does not exist",
                        "Set dbname to an existing database" + (t.dbname() == null ? " (it defaults to the user name, as in libpq)" : "") + ".", e);
            case "42501":
                return new PgAuthException(FailureCategory.PERMISSION, t.name(), who + " may not connect: " + serverText(message),
                        "GRANT CONNECT ON DATABASE " + dbname(t) + " TO " + t.user() + ";", e);
            case "53300":
                return new PgAuthException(FailureCategory.NETWORK, t.name(), "the server has no free connection slots", "Raise max_connections or close idle sessions.", e);
            case "57P03":
                return new PgAuthException(FailureCategory.NETWORK, t.name(), "the server is not accepting connections yet (starting up or in recovery)", "Retry shortly.", e);
            default:
                return byCause(t, e, message);
        }
    }

    private static PgAuthException byCause(TargetSpec t, SQLException e, String message) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof UnknownHostException) {
                return new PgAuthException(FailureCategory.DNS, t.name(), "host " + t.host() + " does not resolve", "Check the host name and this machine's DNS.", e);
            }
            if (c instanceof SocketTimeoutException) {
                return timeout(t, e);
            }
            if (c instanceof ConnectException || c instanceof NoRouteToHostException) {
                return new PgAuthException(FailureCategory.NETWORK, t.name(), "nothing accepts connections at " + t.endpoint(),
                        "Check host and port, that PostgreSQL is running and listen_addresses, and firewalls.", e);
            }
            if (c instanceof SSLException) {
                return TlsProbe.handshakeFailure(t, c);
            }
        }
        if (message.contains("could not be verified by hostnameverifier") || message.contains("hostname") && message.contains("verif")) {
            return TlsProbe.hostNameMismatch(t, e);
        }
        if (message.contains("does not support SSL")) {
            return new PgAuthException(FailureCategory.TLS, t.name(), t.endpoint() + " does not offer TLS", "Turn on ssl in postgresql.conf.", e);
        }
        if (message.contains("timed out")) {
            return timeout(t, e);
        }
        return new PgAuthException(FailureCategory.NETWORK, t.name(), "connecting to " + t.endpoint() + " failed: " + serverText(message),
                "Check that host and port serve PostgreSQL.", e);
    }

    private static PgAuthException timeout(TargetSpec t, SQLException e) {
        return new PgAuthException(FailureCategory.TIMEOUT, t.name(), "connecting to " + t.endpoint() + " did not finish within connect_timeout",
                "Check the server is reachable and not overloaded; raise connect_timeout if it is just slow.", e);
    }

    private static String source(TargetSpec t) {
        if (t.passwordEnv() != null) {
            return "environment variable " + t.passwordEnv();
        }
        if (t.passwordFile() != null) {
            return "password_file " + t.passwordFile();
        }
        if (t.pgpassFile() != null) {
            return "pgpass_file " + t.pgpassFile();
        }
        return "the credential source";
    }

    private static String dbname(TargetSpec t) {
        return t.dbname() == null ? t.user() : t.dbname();
    }

    /** The server's own words, without pgjdbc's prefixes and with newlines folded. */
    private static String serverText(String message) {
        return message.replaceFirst("^(FATAL|ERROR): ", "").replace('\n', ' ').strip();
    }
}
