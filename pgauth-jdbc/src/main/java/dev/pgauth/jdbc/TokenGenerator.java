package dev.pgauth.jdbc;

/**
 * Makes a login token for a host, port and user: application code that pgauth calls when a new
 * connection needs a credential (seed: named token generators selected by a connection parameter).
 * Register one under a name with {@link TokenGenerators#register}; select it with {@code pgauth.generator=NAME}.
 */
@FunctionalInterface
public interface TokenGenerator {

    /** A token for this endpoint; thrown exceptions become a {@code credential} failure (their message is not shown). */
    GeneratedToken generate(String host, int port, String user) throws Exception;
}
