package dev.pgauth.credential.password;

import dev.pgauth.config.AuthMethod;
import dev.pgauth.config.TargetSpec;
import dev.pgauth.credential.CredentialProvider;
import dev.pgauth.credential.CredentialProviderFactory;
import java.util.Map;
import java.util.Set;

/** Registers {@code auth_method: password}. */
public final class PasswordProviderFactory implements CredentialProviderFactory {
    @Override
    public Set<AuthMethod> methods() {
        return Set.of(AuthMethod.PASSWORD);
    }

    @Override
    public CredentialProvider create(TargetSpec target, Map<String, String> env) {
        return new PasswordProvider(target);
    }
}
