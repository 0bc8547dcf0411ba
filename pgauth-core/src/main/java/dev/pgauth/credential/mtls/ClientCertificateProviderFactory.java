package dev.pgauth.credential.mtls;

import dev.pgauth.config.AuthMethod;
import dev.pgauth.config.TargetSpec;
import dev.pgauth.credential.CredentialProvider;
import dev.pgauth.credential.CredentialProviderFactory;
import java.util.Map;
import java.util.Set;

/** Registers {@code auth_method: mtls}. */
public final class ClientCertificateProviderFactory implements CredentialProviderFactory {
    @Override
    public Set<AuthMethod> methods() {
        return Set.of(AuthMethod.MTLS);
    }

    @Override
    public CredentialProvider create(TargetSpec target, Map<String, String> env) {
        return new ClientCertificateProvider(target);
    }
}
