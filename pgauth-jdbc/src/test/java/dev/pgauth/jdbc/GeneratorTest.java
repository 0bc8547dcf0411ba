package dev.pgauth.jdbc;

import static dev.pgauth.jdbc.JdbcFixture.whoAmI;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.pgauth.credential.CredentialEvent;
import dev.pgauth.credential.CredentialEvents;
import dev.pgauth.sandbox.Sandbox;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Named token generators (seed 003) with expiring tokens: one mint shared by concurrent connects,
 * refresh after expiry on an injected clock, one retry when a reused token is rejected.
 * The "token" is the role's real SCRAM password, which the test can change to simulate expiry.
 */
class GeneratorTest {
    private static final Duration LIFETIME = Duration.ofMinutes(15);

    @TempDir
    Path dir;
    JdbcFixture fx;
    MutableClock clock;
    JdbcRuntime runtime;
    String role;
    final AtomicReference<String> currentToken = new AtomicReference<>();
    final AtomicInteger mints = new AtomicInteger();
    final AtomicInteger builds = new AtomicInteger();
    String generator;
    final List<Consumer<CredentialEvent>> listeners = new ArrayList<>();

    @BeforeEach
    void setUp() {
        fx = new JdbcFixture(dir);
        clock = new MutableClock();
        runtime = new JdbcRuntime(Map.of(), clock);
        currentToken.set("token-v1");
        role = fx.role("token-v1", true);
        generator = "counting-" + role;
        TokenGenerators.register(generator, () -> {
            builds.incrementAndGet();
            return (host, port, user) -> {
                mints.incrementAndGet();
                assertEquals(Sandbox.HOST, host);
                assertEquals(fx.sandbox.port(), port);
                assertEquals(role, user);
                return GeneratedToken.of(currentToken.get(), clock.instant().plus(LIFETIME));
            };
        });
    }

    @AfterEach
    void tearDown() {
        TokenGenerators.unregister(generator);
        listeners.forEach(CredentialEvents::removeListener);
    }

    private PgAuthDataSource dataSource() {
        return new PgAuthDataSource(fx.url(role + ":$TOKEN", "pgauth.generator=" + generator), runtime);
    }

    private void rotateTo(String token) {
        fx.sandbox.execute("ALTER ROLE " + role + " PASSWORD '" + token + "'");
        currentToken.set(token);
    }

    @Test
    void hundredConcurrentConnectionsShareOneMintAndAllSucceed() throws Exception {
        connectAllAtOnce(dataSource(), 100, 20);
        assertEquals(1, mints.get(), "one token for all 100 connections");
        assertEquals(1, builds.get(), "the generator is built once, on first use");
    }

    @Test
    void afterExpiryNewConnectionsGetAFreshTokenWhileOpenPooledOnesKeepWorking() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setDataSource(dataSource());
        config.setMaximumPoolSize(3);
        config.setMinimumIdle(0);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            Connection first = pool.getConnection();
            Connection second = pool.getConnection();
            assertEquals(1, mints.get());

            clock.advance(LIFETIME.plusSeconds(1));
            rotateTo("token-v2"); // the old token no longer logs in, as an expired IAM token would not
            try (Connection third = pool.getConnection()) {
                assertEquals(role, whoAmI(third));
            }
            assertEquals(2, mints.get(), "the expired token was replaced for the new connection");
            assertEquals(role, whoAmI(first), "open connections are untouched by expiry");
            assertEquals(role, whoAmI(second));
            first.close();
            second.close();
        }
    }

    @Test
    void tokenIsRefreshedShortlyBeforeItExpires() throws Exception {
        PgAuthDataSource ds = dataSource();
        ds.getConnection().close();
        clock.advance(LIFETIME.minus(GeneratorProvider.REFRESH_MARGIN).minusSeconds(5));
        ds.getConnection().close();
        assertEquals(1, mints.get(), "still valid beyond the margin: reused");
        clock.advance(Duration.ofSeconds(10));
        ds.getConnection().close();
        assertEquals(2, mints.get(), "within the margin: refreshed");
    }

    @Test
    void aRejectedReusedTokenIsReplacedAndTheSingleRetrySucceeds() throws Exception {
        PgAuthDataSource ds = dataSource();
        ds.getConnection().close();
        rotateTo("token-v2"); // the cached token is now wrong although not expired
        List<CredentialEvent> events = listen();
        try (Connection c = ds.getConnection()) {
            assertEquals(role, whoAmI(c));
        }
        assertEquals(2, mints.get());
        assertEquals(List.of(CredentialEvent.Type.RESOLVED, CredentialEvent.Type.REJECTED, CredentialEvent.Type.RESOLVED),
                events.stream().map(CredentialEvent::type).toList());
    }

    @Test
    void aGenuinelyWrongTokenFailsOnceWithoutRetrying() {
        currentToken.set("never-right");
        SQLException e = assertThrows(SQLException.class, () -> dataSource().getConnection());
        assertEquals("28P01", e.getSQLState());
        assertEquals(1, mints.get(), "a freshly minted token that is rejected is not retried");
    }

    @Test
    void aBurstOfFailuresWithAStaleTokenTriggersOneRefresh() throws Exception {
        PgAuthDataSource ds = dataSource();
        ds.getConnection().close();
        rotateTo("token-v2");
        connectAllAtOnce(ds, 30, 10);
        assertEquals(2, mints.get(), "thirty failing connections caused one refresh");
    }

    @Test
    void unknownGeneratorIsAClearError() {
        SQLException e = assertThrows(SQLException.class, () -> new PgAuthDataSource(fx.url(role, "pgauth.generator=nope"), runtime).getConnection());
        assertTrue(e.getMessage().contains("no token generator is registered as 'nope'"), e.getMessage());
        assertTrue(e.getMessage().contains(generator), "lists the registered ones: " + e.getMessage());
    }

    @Test
    void generatedTokensNeedVerifyFullAndNoPasswordSource() {
        SQLException weak = assertThrows(SQLException.class, () -> new PgAuthDataSource(
                fx.url(role, "pgauth.generator=" + generator).replace("verify-full", "verify-ca"), runtime).getConnection());
        assertTrue(weak.getMessage().contains("only sent to a server verified with sslmode verify-full"), weak.getMessage());
        SQLException both = assertThrows(SQLException.class, () -> new PgAuthDataSource(
                fx.url(role, "pgauth.generator=" + generator, "pgauth.password_env=X"), runtime).getConnection());
        assertTrue(both.getMessage().contains("password_env: the credential comes from the named token generator"), both.getMessage());
    }

    @Test
    void eventsAndMetricsDescribeResolutionsWithoutSecrets() throws Exception {
        List<CredentialEvent> events = listen();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (PgAuthMetrics metrics = new PgAuthMetrics()) {
            metrics.bindTo(registry);
            dataSource().getConnection().close();
            TokenGenerators.register(generator, () -> (h, p, u) -> {
                throw new IllegalStateException("token-v1 leaked in a message");
            });
            assertThrows(SQLException.class, () -> new PgAuthDataSource(fx.url(role, "pgauth.generator=" + generator, "pgauth.name=other"), runtime).getConnection());
        }
        CredentialEvent resolved = events.get(0);
        assertEquals(CredentialEvent.Type.RESOLVED, resolved.type());
        assertEquals("generator " + generator, resolved.source());
        assertEquals(clock.instant().plus(LIFETIME), resolved.expiresAt());
        assertTrue(!resolved.latency().isNegative());
        CredentialEvent failed = events.get(events.size() - 1);
        assertEquals(CredentialEvent.Type.FAILED, failed.type());
        assertEquals("other", failed.target());
        assertEquals("credential", failed.category().key());
        assertTrue(events.stream().noneMatch(e -> e.toString().contains("token-v1")));
        assertEquals(1, registry.get("pgauth.credential.resolve").timer().count());
        assertEquals(1.0, registry.get("pgauth.credential.failures").tag("category", "credential").counter().count());
    }

    /** Opens {@code connections} connections from {@code threads} threads released together; each must log in as the role. */
    private void connectAllAtOnce(PgAuthDataSource ds, int connections, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    try (Connection c = ds.getConnection()) {
                        return whoAmI(c);
                    }
                }));
            }
            start.countDown();
            for (Future<String> f : results) {
                assertEquals(role, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private List<CredentialEvent> listen() {
        List<CredentialEvent> events = new CopyOnWriteArrayList<>();
        Consumer<CredentialEvent> listener = events::add;
        listeners.add(listener);
        CredentialEvents.addListener(listener);
        return events;
    }
}
