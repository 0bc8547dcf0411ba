package dev.pgauth.credential;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgauth.Deadline;
import dev.pgauth.FailureCategory;
import dev.pgauth.PgAuthException;
import dev.pgauth.config.AuthMethod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SharedCredentialTest {
    private final AtomicInteger mints = new AtomicInteger();

    private PasswordCredential token(Instant expiresAt) {
        mints.incrementAndGet();
        return new PasswordCredential(new CredentialInfo(AuthMethod.AWS_RDS_IAM, "u", "test", expiresAt), ("t" + mints.get()).toCharArray());
    }

    private static ResolveContext within(Duration budget) {
        return new ResolveContext(Map.of(), Deadline.after(budget, Clock.systemUTC()));
    }

    @Test
    void reusesUntilTheMarginBeforeExpiryThenMintsAgain() throws Exception {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        Clock early = Clock.fixed(now, ZoneOffset.UTC);
        SharedCredential shared = new SharedCredential("t", c -> token(now.plus(Duration.ofMinutes(15))), early, Duration.ofMinutes(1));
        assertArrayEquals("t1".toCharArray(), shared.get(within(Duration.ofSeconds(5))).secret());
        assertArrayEquals("t1".toCharArray(), shared.get(within(Duration.ofSeconds(5))).secret());
        assertEquals(1, mints.get());
    }

    @Test
    void aCopyCanBeDestroyedWithoutHarmingTheShared() throws Exception {
        SharedCredential shared = new SharedCredential("t", c -> token(Instant.now().plusSeconds(900)), Clock.systemUTC(), Duration.ZERO);
        shared.get(within(Duration.ofSeconds(5))).destroy();
        assertArrayEquals("t1".toCharArray(), shared.get(within(Duration.ofSeconds(5))).secret());
    }

    @Test
    void aRejectedFreshCopyIsNotWorthARetryButAReusedOneIs() throws Exception {
        SharedCredential shared = new SharedCredential("t", c -> token(Instant.now().plusSeconds(900)), Clock.systemUTC(), Duration.ZERO);
        PasswordCredential fresh = shared.get(within(Duration.ofSeconds(5)));
        PasswordCredential reused = shared.get(within(Duration.ofSeconds(5)));
        assertTrue(shared.reject(reused));
        assertFalse(shared.reject(fresh));
        shared.get(within(Duration.ofSeconds(5)));
        assertEquals(2, mints.get(), "the rejected token was discarded once");
    }

    @Test
    void aHangingMintCostsTheCallerOnlyItsDeadlineAndLaterCallersJoinIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        SharedCredential shared = new SharedCredential("hangs", c -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return token(Instant.now().plusSeconds(900));
        }, Clock.systemUTC(), Duration.ZERO);
        PgAuthException e = assertThrows(PgAuthException.class, () -> shared.get(within(Duration.ofMillis(200))));
        assertEquals(FailureCategory.TIMEOUT, e.category());
        assertEquals("hangs", e.target());
        assertThrows(PgAuthException.class, () -> shared.get(within(Duration.ofMillis(100))), "still hanging: joins, does not start another");
        release.countDown();
        assertArrayEquals("t1".toCharArray(), shared.get(within(Duration.ofSeconds(5))).secret());
        assertEquals(1, mints.get());
    }

    @Test
    void aFailedMintIsReportedAndTheNextCallTriesAgain() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        SharedCredential shared = new SharedCredential("t", c -> {
            if (calls.incrementAndGet() == 1) {
                throw new PgAuthException(FailureCategory.CREDENTIAL, "t", "no identity", "provide one");
            }
            return token(Instant.now().plusSeconds(900));
        }, Clock.systemUTC(), Duration.ZERO);
        assertEquals(FailureCategory.CREDENTIAL, assertThrows(PgAuthException.class, () -> shared.get(within(Duration.ofSeconds(5)))).category());
        assertArrayEquals("t1".toCharArray(), shared.get(within(Duration.ofSeconds(5))).secret());
    }
}
