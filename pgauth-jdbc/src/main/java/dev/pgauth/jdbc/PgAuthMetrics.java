package dev.pgauth.jdbc;

import dev.pgauth.credential.CredentialEvent;
import dev.pgauth.credential.CredentialEvents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.Consumer;

/**
 * Micrometer metrics from credential events (needs micrometer-core on the classpath):
 * {@code pgauth.credential.resolve} (timer; tags target, method), {@code pgauth.credential.failures}
 * and {@code pgauth.credential.rejections} (counters; tags target, method, category).
 * {@code new PgAuthMetrics().bindTo(registry)}; {@link #close()} stops listening.
 */
public final class PgAuthMetrics implements MeterBinder, AutoCloseable {
    private Consumer<CredentialEvent> listener;

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        close();
        listener = event -> record(registry, event);
        CredentialEvents.addListener(listener);
    }

    private static void record(MeterRegistry registry, CredentialEvent e) {
        switch (e.type()) {
            case RESOLVED -> Timer.builder("pgauth.credential.resolve").tag("target", e.target()).tag("method", e.method())
                    .register(registry).record(e.latency());
            case FAILED -> Counter.builder("pgauth.credential.failures").tag("target", e.target()).tag("method", e.method())
                    .tag("category", e.category().key()).register(registry).increment();
            case REJECTED -> Counter.builder("pgauth.credential.rejections").tag("target", e.target()).tag("method", e.method())
                    .tag("category", e.category().key()).register(registry).increment();
        }
    }

    @Override
    public synchronized void close() {
        if (listener != null) {
            CredentialEvents.removeListener(listener);
            listener = null;
        }
    }
}
