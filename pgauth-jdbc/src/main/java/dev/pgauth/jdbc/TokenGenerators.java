package dev.pgauth.jdbc;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Named token generators. A generator is built from its factory once, on first use, and reused
 * for every later token (seed 003's contract).
 */
public final class TokenGenerators {
    private static final Map<String, Supplier<? extends TokenGenerator>> FACTORIES = new ConcurrentHashMap<>();
    private static final Map<String, TokenGenerator> BUILT = new ConcurrentHashMap<>();

    private TokenGenerators() {
    }

    /** Registers (or replaces) the generator called {@code name}. */
    public static void register(String name, Supplier<? extends TokenGenerator> factory) {
        FACTORIES.put(name, factory);
        BUILT.remove(name);
    }

    public static void unregister(String name) {
        FACTORIES.remove(name);
        BUILT.remove(name);
    }

    /** The generator, built on first use; empty when no generator has that name. */
    static Optional<TokenGenerator> get(String name) {
        Supplier<? extends TokenGenerator> factory = FACTORIES.get(name);
        if (factory == null) {
            return Optional.empty();
        }
        return Optional.of(BUILT.computeIfAbsent(name, n -> factory.get()));
    }

    static String registeredNames() {
        return FACTORIES.isEmpty() ? "none is registered" : "registered: " + String.join(", ", new java.util.TreeSet<>(FACTORIES.keySet()));
    }
}
