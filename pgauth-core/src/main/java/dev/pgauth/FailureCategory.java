package dev.pgauth;

import java.util.Locale;

/** Why a target could not be used, as reported by doctor and carried by every {@link PgAuthException}. */
public enum FailureCategory {
    /** The config is wrong (caught at startup where possible). */
    CONFIG,
    /** The host name does not resolve. */
    DNS,
    /** Nothing accepts connections at host:port, or the connection was cut. */
    NETWORK,
    /** The server could not be verified (CA, host name, expiry) or TLS failed. */
    TLS,
    /** The credential could not be obtained locally (variable, file, key, identity). */
    CREDENTIAL,
    /** The server refused the login (wrong password, no pg_hba entry, certificate not mapped). */
    AUTH_REJECTED,
    /** The database named by dbname does not exist. */
    NO_SUCH_DATABASE,
    /** The role lacks a privilege (CONNECT on the database, pg_monitor, a vault or IAM grant). */
    PERMISSION,
    /** A step did not finish within the target's deadline. */
    TIMEOUT,
    /** The role can do more than it should (superuser, replication, bypassrls). */
    UNSAFE_ROLE;

    /** The lower-case name used in reports and JSON. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return key();
    }
}
