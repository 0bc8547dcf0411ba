package dev.pgauth.credential;

import dev.pgauth.PgAuthException;

/**
 * Obtains a target's credential at connect time. One instance per target, reused across
 * connections, so a provider may keep in-memory state (identity chains, still-valid tokens).
 */
public interface CredentialProvider {

    /**
     * A credential for one new physical connection, obtained within {@code context.deadline()}.
     *
     * @throws PgAuthException categorised {@code credential}, {@code permission} or {@code timeout}, naming what to fix
     */
    Credential resolve(ResolveContext context) throws PgAuthException;

    /**
     * Called after the server rejected a credential this provider returned, so a reused token is
     * not offered again.
     *
     * @return true when a fresh {@link #resolve} may give a different credential (the rejected one
     *         was reused, or has since been replaced), so one retry is worthwhile; providers that
     *         never reuse credentials return false
     */
    default boolean rejected(Credential credential) {
        return false;
    }

    /**
     * How to fix a login the server refused, when the method knows better than the generic advice
     * (e.g. the rds_iam grant and the IAM policy); null for the generic advice.
     */
    default String rejectionFix() {
        return null;
    }
}
