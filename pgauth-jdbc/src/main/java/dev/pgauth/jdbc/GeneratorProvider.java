package dev.pgauth.jdbc;

import dev.pgauth.FailureCategory;
import dev.pgauth.PgAuthException;
import dev.pgauth.config.AuthMethod;
import dev.pgauth.config.TargetSpec;
import dev.pgauth.credential.Credential;
import dev.pgauth.credential.CredentialInfo;
import dev.pgauth.credential.CredentialProvider;
import dev.pgauth.credential.PasswordCredential;
import dev.pgauth.credential.ResolveContext;
import dev.pgauth.credential.SharedCredential;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;

/** Credentials from a named {@link TokenGenerator}, reused in memory while valid, one mint at a time. */
final class GeneratorProvider implements CredentialProvider {
    static final Duration REFRESH_MARGIN = Duration.ofSeconds(60);

    private final TargetSpec target;
    private final String generatorName;
    private final SharedCredential shared;

    GeneratorProvider(TargetSpec target, String generatorName, Clock clock) {
        this.target = target;
        this.generatorName = generatorName;
        this.shared = new SharedCredential(target.name(), this::mint, clock, REFRESH_MARGIN);
    }

    @Override
    public Credential resolve(ResolveContext context) throws PgAuthException {
        return shared.get(context);
    }

    @Override
    public boolean rejected(Credential credential) {
        return credential instanceof PasswordCredential p && shared.reject(p);
    }

    private PasswordCredential mint(ResolveContext context) throws PgAuthException {
        TokenGenerator generator = TokenGenerators.get(generatorName).orElseThrow(() -> new PgAuthException(FailureCategory.CONFIG, target.name(),
                "no token generator is registered as '" + generatorName + "' (" + TokenGenerators.registeredNames() + ")",
                "Register it with TokenGenerators.register(\"" + generatorName + "\", …) before connecting, or fix pgauth.generator."));
        GeneratedToken token;
        try {
            token = generator.generate(target.host(), target.port(), target.user());
        } catch (Exception e) {
            throw new PgAuthException(FailureCategory.CREDENTIAL, target.name(), "token generator '" + generatorName + "' failed ("
                    + e.getClass().getSimpleName() + ")", "Check the generator's own configuration and logs.");
        }
        if (token == null || token.value().length == 0) {
            throw new PgAuthException(FailureCategory.CREDENTIAL, target.name(), "token generator '" + generatorName + "' returned no token",
                    "Make the generator return a non-empty token.");
        }
        try {
            return new PasswordCredential(new CredentialInfo(AuthMethod.PASSWORD, target.user(), "generator " + generatorName, token.expiresAt()), token.value());
        } finally {
            Arrays.fill(token.value(), '\0');
        }
    }
}
