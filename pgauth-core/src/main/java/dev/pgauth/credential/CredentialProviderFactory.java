package dev.pgauth.credential;

import dev.pgauth.config.AuthMethod;
import dev.pgauth.config.TargetSpec;
import java.util.Map;
import java.util.Set;

/**
 * Service-provider interface: each module (core, pgauth-aws, pgauth-azure, pgauth-gcp) lists its
 * factories in {@code META-INF/services/dev.pgauth.credential.CredentialProviderFactory}.
 */
public interface CredentialProviderFactory {

    /** The methods this factory serves. */
    Set<AuthMethod> methods();

    /**
     * Whether this factory can serve this particular target (e.g. secret_store only for the
     * secret_ref backends whose module is present).
     */
    default boolean supports(TargetSpec target) {
        return methods().contains(target.authMethod());
    }

    /** A provider for one target; called once per target, not per connection. */
    CredentialProvider create(TargetSpec target, Map<String, String> env);
}
