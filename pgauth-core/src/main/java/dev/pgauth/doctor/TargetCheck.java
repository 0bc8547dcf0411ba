package dev.pgauth.doctor;

import dev.pgauth.Deadline;
import dev.pgauth.FailureCategory;
import dev.pgauth.PgAuthException;
import dev.pgauth.config.SslMode;
import dev.pgauth.config.TargetSpec;
import dev.pgauth.connect.Connector;
import dev.pgauth.credential.Credential;
import dev.pgauth.tls.TlsContexts;
import dev.pgauth.tls.TlsInfo;
import dev.pgauth.tls.TlsProbe;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Checks one target step by step, stopping at the first failure: dns, tcp, tls (before any
 * credential exists), credential, login, then the role's safety. Bounded by the target's deadline.
 */
final class TargetCheck {
    private static final int CERTIFICATE_WARNING_DAYS = 30;
    private static final String ROLE_QUERY = """
            select current_user, r.rolsuper, r.rolreplication, r.rolbypassrls,
                   pg_has_role(current_user, 'pg_monitor', 'MEMBER'),
                   current_setting('server_version'), pg_is_in_recovery(),
                   current_setting('default_transaction_read_only') = 'on'
            from pg_roles r where r.rolname = current_user""";

    private final TargetSpec target;
    private final Connector connector;
    private final Clock clock;
    private final List<Step> steps = new ArrayList<>();
    private final List<Finding> findings = new ArrayList<>();
    private TlsInfo tls;
    private RoleInfo role;
    private String credentialSource;

    TargetCheck(TargetSpec target, Connector connector, Clock clock) {
        this.target = target;
        this.connector = connector;
        this.clock = clock;
    }

    TargetReport run() {
        long t0 = System.nanoTime();
        if (!target.enabled()) {
            return report(Status.SKIPPED, t0);
        }
        Deadline deadline = Deadline.after(target.connectTimeout(), clock);
        try {
            InetAddress[] addresses = step("dns", () -> resolve(deadline), a -> Arrays.stream(a).map(InetAddress::getHostAddress).collect(Collectors.joining(", ")));
            try (Socket socket = step("tcp", () -> connect(addresses, deadline), s -> "connected to " + s.getInetAddress().getHostAddress() + ":" + s.getPort())) {
                if (target.sslmode() != SslMode.DISABLE) {
                    tls = step("tls", () -> TlsProbe.probe(target, socket, TlsContexts.forTarget(target, null), deadline), this::describe);
                    checkTls();
                }
            } catch (IOException ignored) {
                // closing the probe socket
            }
            Credential credential = step("credential", () -> connector.resolve(target, deadline), c -> c.info().source());
            credentialSource = credential.info().source();
            try (Connection connection = step("login", () -> connector.connect(target, credential, deadline), c -> "logged in as " + target.user())) {
                role = step("role", () -> probeRole(connection, deadline), this::describe);
                checkRole();
            } catch (SQLException ignored) {
                // closing the connection
            } finally {
                credential.destroy();
            }
        } catch (StepFailed e) {
            // recorded in steps and findings
        }
        Status status = findings.stream().anyMatch(f -> f.severity() == Status.FAILED) ? Status.FAILED
                : findings.isEmpty() ? Status.OK : Status.WARNING;
        return report(status, t0);
    }

    private TargetReport report(Status status, long t0) {
        return new TargetReport(target.name(), target.authMethod().key(), target.endpoint(), target.user(), status,
                steps, findings, tls, role, credentialSource, (System.nanoTime() - t0) / 1_000_000);
    }

    private InetAddress[] resolve(Deadline deadline) throws PgAuthException {
        // The JDK resolver cannot be given a timeout, so it runs aside and is abandoned at the deadline.
        CompletableFuture<InetAddress[]> lookup = CompletableFuture.supplyAsync(() -> {
            try {
                return InetAddress.getAllByName(target.host());
            } catch (UnknownHostException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        try {
            return lookup.get(deadline.remaining().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new PgAuthException(FailureCategory.TIMEOUT, target.name(), "looking up host " + target.host() + " did not finish within connect_timeout",
                    "Check this machine's DNS resolver.");
        } catch (ExecutionException e) {
            throw new PgAuthException(FailureCategory.DNS, target.name(), "host " + target.host() + " does not resolve",
                    "Check the host name and this machine's DNS.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PgAuthException(FailureCategory.TIMEOUT, target.name(), "interrupted while looking up " + target.host(), "Run doctor again.");
        }
    }

    /** Tries each address in turn, as libpq does. */
    private Socket connect(InetAddress[] addresses, Deadline deadline) throws PgAuthException {
        PgAuthException last = null;
        for (InetAddress address : addresses) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(address, target.port()), deadline.remainingMillisForSocket());
                return socket;
            } catch (SocketTimeoutException e) {
                close(socket);
                last = new PgAuthException(FailureCategory.TIMEOUT, target.name(), "connecting to " + target.endpoint() + " did not finish within connect_timeout",
                        "Check firewalls and security groups between here and the server.");
            } catch (ConnectException e) {
                close(socket);
                last = new PgAuthException(FailureCategory.NETWORK, target.name(), "nothing accepts connections at " + address.getHostAddress() + ":" + target.port(),
                        "Check the port, that PostgreSQL is running, and listen_addresses.");
            } catch (IOException e) {
                close(socket);
                last = new PgAuthException(FailureCategory.NETWORK, target.name(), "cannot reach " + address.getHostAddress() + ":" + target.port() + " (" + e.getClass().getSimpleName() + ")",
                        "Check routing and firewalls.");
            }
            if (deadline.expired()) {
                break;
            }
        }
        throw last;
    }

    private RoleInfo probeRole(Connection connection, Deadline deadline) throws PgAuthException {
        try (Statement s = connection.createStatement()) {
            s.setQueryTimeout(deadline.remainingSecondsAtLeastOne());
            try (ResultSet rs = s.executeQuery(ROLE_QUERY)) {
                rs.next();
                return new RoleInfo(rs.getString(1), rs.getBoolean(2), rs.getBoolean(3), rs.getBoolean(4), rs.getBoolean(5),
                        rs.getString(6), rs.getBoolean(7), rs.getBoolean(8));
            }
        } catch (SQLException e) {
            throw new PgAuthException(FailureCategory.PERMISSION, target.name(), "the role probe failed: " + e.getMessage(),
                    "Check that role " + target.user() + " can read pg_roles.");
        }
    }

    private void checkTls() {
        if (!target.sslmode().verifiesCertificate()) {
            findings.add(new Finding(Status.WARNING, FailureCategory.TLS, "sslmode " + target.sslmode() + " does not verify the server",
                    "Use sslmode verify-full with sslrootcert_file."));
        }
        long days = tls.daysToExpiry(clock.instant());
        if (days < CERTIFICATE_WARNING_DAYS) {
            findings.add(new Finding(Status.WARNING, FailureCategory.TLS, "the server certificate expires in " + days + " days",
                    "Renew the server certificate before it expires."));
        }
    }

    private void checkRole() {
        List<String> unsafe = new ArrayList<>();
        if (role.superuser()) {
            unsafe.add("SUPERUSER");
        }
        if (role.replication()) {
            unsafe.add("REPLICATION");
        }
        if (role.bypassRls()) {
            unsafe.add("BYPASSRLS");
        }
        if (!unsafe.isEmpty()) {
            findings.add(new Finding(Status.FAILED, FailureCategory.UNSAFE_ROLE,
                    "role " + role.currentUser() + " has " + String.join(", ", unsafe) + "; pgauth connects as a least-privilege role",
                    "Use a dedicated role (see pgauth setup), or ALTER ROLE " + role.currentUser() + " NO" + String.join(" NO", unsafe) + ";"));
        }
        if (!role.pgMonitor()) {
            findings.add(new Finding(Status.WARNING, FailureCategory.PERMISSION, "role " + role.currentUser() + " is not a member of pg_monitor",
                    "GRANT pg_monitor TO " + role.currentUser() + ";"));
        }
    }

    private String describe(TlsInfo info) {
        return info.protocol() + ", " + info.cipherSuite() + ", server " + info.serverSubject()
                + ", expires in " + info.daysToExpiry(clock.instant()) + " days";
    }

    private String describe(RoleInfo info) {
        return "user " + info.currentUser() + ", PostgreSQL " + info.serverVersion() + (info.inRecovery() ? ", standby" : ", primary")
                + (info.pgMonitor() ? ", pg_monitor" : ", no pg_monitor") + (info.readOnlySession() ? ", read-only session" : "");
    }

    /** Runs one step, recording its outcome; a failure is recorded and ends the check. */
    private <T> T step(String name, Action<T> action, java.util.function.Function<T, String> detail) throws StepFailed {
        long t0 = System.nanoTime();
        try {
            T result = action.run();
            steps.add(new Step(name, Status.OK, detail.apply(result), (System.nanoTime() - t0) / 1_000_000));
            return result;
        } catch (PgAuthException e) {
            steps.add(new Step(name, Status.FAILED, e.problem(), (System.nanoTime() - t0) / 1_000_000));
            findings.add(new Finding(Status.FAILED, e.category(), e.problem(), e.fix()));
            throw new StepFailed();
        }
    }

    @FunctionalInterface
    private interface Action<T> {
        T run() throws PgAuthException;
    }

    /** Ends the check after a failed step (already recorded). */
    private static final class StepFailed extends Exception {
        private static final long serialVersionUID = 1L;

        StepFailed() {
            super(null, null, false, false);
        }
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
