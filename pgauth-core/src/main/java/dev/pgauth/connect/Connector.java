package dev.pgauth.connect;

import dev.pgauth.Deadline;
import dev.pgauth.FailureCategory;
import dev.pgauth.PgAuthException;
import dev.pgauth.config.SslMode;
import dev.pgauth.config.TargetSpec;
import dev.pgauth.credential.ClientCertificateCredential;
import dev.pgauth.credential.Credential;
import dev.pgauth.credential.CredentialProviders;
import dev.pgauth.credential.PasswordCredential;
import dev.pgauth.credential.ResolveContext;
import dev.pgauth.tls.TlsContexts;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import org.postgresql.Driver;
import org.postgresql.PGProperty;

/**
 * Opens pgjdbc connections to targets: resolves a fresh credential, verifies the server with the
 * target's TLS policy, and hands the password to pgjdbc through its authentication plugin only
 * after TLS is established. Sessions are read-only unless the target says {@code read_only: false},
 * and carry {@code application_name}.
 */
public final class Connector {
    private static final Driver DRIVER = new Driver();

    private final CredentialProviders providers;
    private final Map<String, String> env;
    private final Clock clock;

    public Connector(CredentialProviders providers, Map<String, String> env, Clock clock) {
        this.providers = providers;
        this.env = Map.copyOf(env);
        this.clock = clock;
    }

    /** A new connection with a freshly resolved credential, within the target's {@code connect_timeout}. */
    public Connection connect(TargetSpec target) throws PgAuthException {
        return connect(target, Deadline.after(target.connectTimeout(), clock));
    }

    /**
     * A new connection. If the server rejects a credential that the provider had reused (an
     * expiring token), it is discarded and the connect is retried once with a fresh one; never more.
     */
    public Connection connect(TargetSpec target, Deadline deadline) throws PgAuthException {
        return connect(target, deadline, new Properties());
    }

    /**
     * As {@link #connect(TargetSpec, Deadline)}, passing further pgjdbc properties (e.g.
     * {@code currentSchema}); pgauth's own settings (user, TLS, authentication, timeouts) win.
     */
    public Connection connect(TargetSpec target, Deadline deadline, Properties pgjdbcProperties) throws PgAuthException {
        for (int round = 1; ; round++) {
            Credential credential = resolve(target, deadline);
            try {
                return connect(target, credential, deadline, pgjdbcProperties);
            } catch (PgAuthException e) {
                boolean retry = e.category() == FailureCategory.AUTH_REJECTED
                        && providers.rejected(target, credential, e.category()) // always told, so a bad token is dropped
                        && round == 1;
                if (!retry) {
                    throw e;
                }
            } finally {
                credential.destroy();
            }
        }
    }

    /** Resolves the target's credential (exposed so doctor can report this step on its own). */
    public Credential resolve(TargetSpec target, Deadline deadline) throws PgAuthException {
        return providers.resolve(target, new ResolveContext(env, deadline));
    }

    /** Connects with a credential already resolved for this target; the caller still owns (and destroys) it. */
    public Connection connect(TargetSpec target, Credential credential, Deadline deadline) throws PgAuthException {
        return connect(target, credential, deadline, new Properties());
    }

    private Connection connect(TargetSpec target, Credential credential, Deadline deadline, Properties pgjdbcProperties) throws PgAuthException {
        ClientCertificateCredential client = credential instanceof ClientCertificateCredential c ? c : null;
        PasswordCredential password = credential instanceof PasswordCredential p ? p : null;
        SSLContext tls = TlsContexts.forTarget(target, client);
        try (ConnectAttempt attempt = ConnectAttempt.open(target.name(), tls, password)) {
            Connection connection = DRIVER.connect(url(target), properties(target, attempt, deadline, pgjdbcProperties));
            connection.setNetworkTimeout(Runnable::run, 0);
            return connection;
        } catch (SQLException e) {
            PgAuthException failure = SqlFailures.classify(target, e);
            String methodFix = failure.category() == FailureCategory.AUTH_REJECTED ? providers.forTarget(target).rejectionFix() : null;
            throw methodFix == null ? failure : new PgAuthException(failure.category(), target.name(), failure.problem(), methodFix, e);
        }
    }

    static String url(TargetSpec target) {
        String dbname = target.dbname() == null ? target.user() : target.dbname();
        return "jdbc:postgresql://" + target.endpoint() + "/" + URLEncoder.encode(dbname, StandardCharsets.UTF_8);
    }

    private static Properties properties(TargetSpec target, ConnectAttempt attempt, Deadline deadline, Properties extra) {
        Properties p = new Properties();
        p.putAll(extra);
        PGProperty.USER.set(p, target.user());
        PGProperty.APPLICATION_NAME.set(p, target.applicationName());
        if (target.readOnly()) {
            PGProperty.OPTIONS.set(p, "-c default_transaction_read_only=on");
        } else {
            p.remove(PGProperty.OPTIONS.getName());
        }
        PGProperty.SSL_MODE.set(p, target.sslmode().key());
        if (target.sslmode() != SslMode.DISABLE) {
            PGProperty.SSL_FACTORY.set(p, PgauthSocketFactory.class.getName());
        }
        PGProperty.AUTHENTICATION_PLUGIN_CLASS_NAME.set(p, PgauthAuthenticationPlugin.class.getName());
        PGProperty.GSS_ENC_MODE.set(p, "disable");
        int seconds = deadline.remainingSecondsAtLeastOne();
        PGProperty.CONNECT_TIMEOUT.set(p, seconds);
        PGProperty.SOCKET_TIMEOUT.set(p, seconds);
        PGProperty.LOGIN_TIMEOUT.set(p, seconds);
        p.setProperty(ConnectAttempt.PROPERTY, attempt.id());
        return p;
    }
}
