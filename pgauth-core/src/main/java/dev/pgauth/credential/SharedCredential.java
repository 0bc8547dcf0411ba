package dev.pgauth.credential;

import dev.pgauth.FailureCategory;
import dev.pgauth.PgAuthException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reuses one expiring credential (a token) in memory while it is valid, for a provider to hold:
 * concurrent callers share one mint, it is replaced {@code margin} before it expires, and a
 * rejection discards it once however many connections saw it fail. Callers get copies they may
 * destroy. Nothing is ever written anywhere.
 *
 * <p>Mints run on their own thread and callers wait at most until their deadline: a dead metadata
 * endpoint or vault costs each connect its {@code connect_timeout}, and later connects join the
 * mint still under way instead of starting another.
 */
public final class SharedCredential {

    /** Mints a new credential; called by at most one thread at a time. */
    @FunctionalInterface
    public interface Mint {
        PasswordCredential mint(ResolveContext context) throws PgAuthException;
    }

    private static final ExecutorService MINTERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "pgauth-credential-mint");
        t.setDaemon(true);
        return t;
    });

    private final String target;
    private final Mint mint;
    private final Clock clock;
    private final Duration margin;
    private PasswordCredential current;
    private CompletableFuture<PasswordCredential> inFlight;
    /** Copies handed out straight from a mint: if the server rejects one, a retry would mint the same. */
    private final Set<PasswordCredential> freshCopies = Collections.newSetFromMap(new WeakHashMap<>());

    /** @param target the target's name, for timeout errors */
    public SharedCredential(String target, Mint mint, Clock clock, Duration margin) {
        this.target = target;
        this.mint = mint;
        this.clock = clock;
        this.margin = margin;
    }

    /** A copy of the current credential, minting a new one first if it is missing or about to expire. */
    public PasswordCredential get(ResolveContext context) throws PgAuthException {
        CompletableFuture<PasswordCredential> pending;
        boolean minter = false;
        synchronized (this) {
            if (current != null && fresh(current)) {
                return current.copy();
            }
            if (inFlight == null) {
                inFlight = new CompletableFuture<>();
                minter = true;
            }
            pending = inFlight;
        }
        if (minter) {
            MINTERS.execute(() -> mintInto(pending, context));
        }
        try {
            PasswordCredential copy = pending.get(context.deadline().remaining().toMillis(), TimeUnit.MILLISECONDS).copy();
            synchronized (this) {
                freshCopies.add(copy);
            }
            return copy;
        } catch (IllegalStateException destroyed) {
            return get(context); // rejected by another connection in the meantime: take the next one
        } catch (ExecutionException e) {
            if (e.getCause() instanceof PgAuthException p) {
                throw p;
            }
            throw new IllegalStateException("credential mint failed", e.getCause());
        } catch (TimeoutException e) {
            throw new PgAuthException(FailureCategory.TIMEOUT, target, "obtaining the credential did not finish within connect_timeout",
                    "Check that the identity source or vault is reachable from here (instance metadata, STS, the vault endpoint); raise connect_timeout if it is just slow.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a credential", e);
        }
    }

    /**
     * As {@link #get}, for one of several targets sharing this credential (the same token serves
     * every target with the same identity): a failure is reported as {@code target}'s.
     */
    public PasswordCredential getFor(String target, ResolveContext context) throws PgAuthException {
        try {
            return get(context);
        } catch (PgAuthException e) {
            throw e.target().equals(target) ? e : new PgAuthException(e.category(), target, e.problem(), e.fix());
        }
    }

    private void mintInto(CompletableFuture<PasswordCredential> pending, ResolveContext context) {
        try {
            PasswordCredential minted = mint.mint(context);
            synchronized (this) {
                if (current != null) {
                    current.destroy();
                }
                current = minted;
                inFlight = null;
            }
            pending.complete(minted);
        } catch (Throwable e) {
            synchronized (this) {
                inFlight = null;
            }
            pending.completeExceptionally(e);
            if (e instanceof Error error) {
                throw error;
            }
        }
    }

    /**
     * The server rejected {@code rejected}: discard it if it is still the current credential, so a
     * burst of failures costs one new mint.
     *
     * @return true when {@code rejected} had been reused from an earlier mint, so a retry may succeed;
     *         false when it was freshly minted for this connect (a retry would fail the same way)
     */
    public synchronized boolean reject(PasswordCredential rejected) {
        boolean fresh = freshCopies.remove(rejected);
        if (current != null && current.sameAs(rejected)) {
            current.destroy();
            current = null;
        }
        return !fresh;
    }

    private boolean fresh(PasswordCredential credential) {
        Instant expiresAt = credential.info().expiresAt();
        return expiresAt != null && clock.instant().isBefore(expiresAt.minus(margin));
    }
}
