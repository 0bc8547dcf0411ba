package dev.pgauth.doctor;

import dev.pgauth.connect.Connector;
import dev.pgauth.config.TargetSpec;
import dev.pgauth.config.TargetsConfig;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Checks every selected target in parallel on a bounded pool. Each check bounds itself by the
 * target's {@code connect_timeout} (every network step takes what is left), so one dead or slow
 * target costs its own deadline and never delays another beyond it.
 */
public final class Doctor {
    public static final int DEFAULT_PARALLELISM = 16;

    private final Connector connector;
    private final Clock clock;
    private final int parallelism;

    public Doctor(Connector connector, Clock clock, int parallelism) {
        this.connector = connector;
        this.clock = clock;
        this.parallelism = parallelism;
    }

    public DoctorReport run(TargetsConfig config, List<TargetSpec> targets) {
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        List<TargetReport> reports = new ArrayList<>();
        if (!targets.isEmpty()) {
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, targets.size()), daemonThreads());
            try {
                List<Future<TargetReport>> futures = new ArrayList<>();
                for (TargetSpec t : targets) {
                    futures.add(pool.submit(() -> new TargetCheck(t, connector, clock).run()));
                }
                for (Future<TargetReport> f : futures) {
                    reports.add(await(f));
                }
            } finally {
                pool.shutdownNow();
            }
        }
        return new DoctorReport(config.env(), started, (System.nanoTime() - t0) / 1_000_000, reports);
    }

    private static TargetReport await(Future<TargetReport> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("doctor was interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a target check failed unexpectedly", e.getCause());
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread thread = new Thread(r, "pgauth-doctor-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
