package dev.pgauth.connect;

import dev.pgauth.credential.PasswordCredential;
import java.util.Properties;
import org.postgresql.plugin.AuthenticationPlugin;
import org.postgresql.plugin.AuthenticationRequestType;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

/**
 * pgjdbc's {@code authenticationPluginClassName}: answers the server's password request with the
 * attempt's credential, so the password never travels in a URL or a {@code password} property.
 */
public final class PgauthAuthenticationPlugin implements AuthenticationPlugin {
    private final ConnectAttempt attempt;

    /** Called by pgjdbc, once per connection, with the connection properties. */
    public PgauthAuthenticationPlugin(Properties properties) {
        this.attempt = ConnectAttempt.find(properties.getProperty(ConnectAttempt.PROPERTY));
    }

    @Override
    public char[] getPassword(AuthenticationRequestType type) throws PSQLException {
        PasswordCredential password = attempt.password();
        if (password == null) {
            throw new PSQLException("the server asked target " + attempt.target() + " for a password, but its method authenticates with a client certificate;"
                    + " check that pg_hba.conf has a 'cert' line for this role", PSQLState.INVALID_AUTHORIZATION_SPECIFICATION);
        }
        return password.secret(); // a copy: pgjdbc wipes it after use
    }
}
