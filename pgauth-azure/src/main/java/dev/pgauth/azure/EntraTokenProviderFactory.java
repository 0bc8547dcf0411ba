package dev.pgauth.azure;

import dev.pgauth.config.AuthMethod;
import dev.pgauth.config.TargetSpec;
import dev.pgauth.credential.CredentialProvider;
import dev.pgauth.credential.CredentialProviderFactory;
import java.time.Clock;
import java.util.Map;
import java.util.Set;

/** Registers {@code azure_entra}. */
public final class EntraTokenProviderFactory implements CredentialProviderFactory {
    @Override
    public Set<AuthMethod> methods() {
        return Set.of(AuthMethod.AZURE_ENTRA);
    }

    @Override
    public CredentialProvider create(TargetSpec target, Map<String, String> env) {
        return new EntraTokenProvider(target, env, Clock.systemUTC());
    }
}
