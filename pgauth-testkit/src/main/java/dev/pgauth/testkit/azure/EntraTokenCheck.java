package dev.pgauth.testkit.azure;

import dev.pgauth.testkit.gate.TokenCheck;
import java.util.Optional;

/**
 * How Azure Database for PostgreSQL checks an Entra login: the password is an access token Entra
 * issued (here: {@link FakeAzure}), unexpired, for the ossrdbms-aad audience, whose principal's
 * name is the PostgreSQL role (as mapped by pgaadauth_create_principal).
 */
public final class EntraTokenCheck implements TokenCheck {
    private final FakeAzure azure;

    public EntraTokenCheck(FakeAzure azure) {
        this.azure = azure;
    }

    @Override
    public Optional<String> reject(String token, String user) {
        Optional<FakeAzure.Issued> issued = azure.issued(token);
        if (issued.isEmpty()) {
            return Optional.of(azure.everIssued(token) ? "token expired" : "token not issued by Entra");
        }
        if (!issued.get().audience().equals(FakeAzure.DATABASE_AUDIENCE)) {
            return Optional.of("token is for audience " + issued.get().audience());
        }
        if (!issued.get().principal().equals(user)) {
            return Optional.of("token is for " + issued.get().principal() + ", not " + user);
        }
        return Optional.empty();
    }

    @Override
    public String refusal(String user) {
        return "password authentication failed for user \"" + user + "\"";
    }
}
