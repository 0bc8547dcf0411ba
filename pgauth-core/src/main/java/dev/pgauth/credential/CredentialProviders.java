package dev.pgauth.credential;

import dev.pgauth.FailureCategory;
import dev.pgauth.PgAuthException;
import dev.pgauth.config.AuthMethod;
import dev.pgauth.config.ConfigKeys;
import dev.pgauth.config.ConfigLoader;
import dev.pgauth.config.ConfigProblem;
import dev.pgauth.config.TargetSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/** The providers found on the classpath, and one provider per target, created on first use. */
public final class CredentialProviders {
    private final List<CredentialProviderFactory> factories;
    private final Map<String, String> env;
    private final Map<TargetSpec, CredentialProvider> providers = new ConcurrentHashMap<>();

    public CredentialProviders(List<CredentialProviderFactory> factories, Map<String, String> env) {
        TransportLogs.quiet();
        this.factories = List.copyOf(factories);
        this.env = Map.copyOf(env);
    }

    /** Every factory registered through {@link ServiceLoader}. */
    public static CredentialProviders discover(Map<String, String> env) {
        List<CredentialProviderFactory> found = ServiceLoader.load(CredentialProviderFactory.class).stream()
                .map(ServiceLoader.Provider::get).toList();
        return new CredentialProviders(found, env);
    }

    public CredentialProvider forTarget(TargetSpec target) {
        return providers.computeIfAbsent(target, t -> factory(t)
                .orElseThrow(() -> new IllegalStateException("no provider for " + t.authMethod() + "; config validation should have said so"))
                .create(t, env));
    }

    /**
     * Uses a provider made outside the SPI for this target (e.g. a named token generator), created
     * once; later calls for the same target keep the first.
     */
    public void install(TargetSpec target, java.util.function.Supplier<CredentialProvider> provider) {
        providers.computeIfAbsent(target, t -> provider.get());
    }

    /** Resolves the target's credential, publishing a {@link CredentialEvent} either way. */
    public Credential resolve(TargetSpec target, ResolveContext context) throws PgAuthException {
        long t0 = System.nanoTime();
        try {
            Credential credential = forTarget(target).resolve(context);
            CredentialEvents.publish(new CredentialEvent(CredentialEvent.Type.RESOLVED, target.name(), target.authMethod().key(),
                    credential.info().source(), Duration.ofNanos(System.nanoTime() - t0), credential.info().expiresAt(), null));
            return credential;
        } catch (PgAuthException e) {
            CredentialEvents.publish(new CredentialEvent(CredentialEvent.Type.FAILED, target.name(), target.authMethod().key(),
                    null, Duration.ofNanos(System.nanoTime() - t0), null, e.category()));
            throw e;
        }
    }

    /** The server refused {@code credential}; returns whether one retry with a fresh credential is worthwhile. */
    public boolean rejected(TargetSpec target, Credential credential, FailureCategory category) {
        CredentialEvents.publish(new CredentialEvent(CredentialEvent.Type.REJECTED, target.name(), target.authMethod().key(),
                credential.info().source(), Duration.ZERO, credential.info().expiresAt(), category));
        return forTarget(target).rejected(credential);
    }

    /** A startup rule: the method's module must be on the classpath. */
    public ConfigLoader.TargetRule availabilityRule() {
        return target -> factory(target).isPresent() ? List.of() : List.of(missingModule(target));
    }

    private Optional<CredentialProviderFactory> factory(TargetSpec target) {
        return factories.stream().filter(f -> f.supports(target)).findFirst();
    }

    private static ConfigProblem missingModule(TargetSpec t) {
        AuthMethod m = t.authMethod();
        String module = m == AuthMethod.SECRET_STORE && t.secretRef() != null
                ? t.secretRef().backend().module()
                : m.module().orElse("pgauth-core");
        String what = m == AuthMethod.SECRET_STORE && t.secretRef() != null
                ? "secret_store with " + t.secretRef().backend().displayName()
                : "auth_method " + m;
        String key = m == AuthMethod.SECRET_STORE ? ConfigKeys.SECRET_REF : ConfigKeys.AUTH_METHOD;
        return ConfigProblem.error(t.name(), key, what + " needs the " + module + " module, which is not on the classpath",
                "Add the dev.pgauth:" + module + " dependency (or use a pgauth distribution that includes it).", t.line());
    }
}
