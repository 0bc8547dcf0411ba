package dev.pgauth.credential;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Where applications subscribe to {@link CredentialEvent}s (metrics, audit logs). Listeners run on
 * the connecting thread, must be quick, and cannot break a connect: their exceptions are dropped.
 */
public final class CredentialEvents {
    private static final List<Consumer<CredentialEvent>> LISTENERS = new CopyOnWriteArrayList<>();

    private CredentialEvents() {
    }

    public static void addListener(Consumer<CredentialEvent> listener) {
        LISTENERS.add(listener);
    }

    public static void removeListener(Consumer<CredentialEvent> listener) {
        LISTENERS.remove(listener);
    }

    static void publish(CredentialEvent event) {
        for (Consumer<CredentialEvent> listener : LISTENERS) {
            try {
                listener.accept(event);
            } catch (RuntimeException ignored) {
                // A broken listener must not fail a connection.
            }
        }
    }
}
