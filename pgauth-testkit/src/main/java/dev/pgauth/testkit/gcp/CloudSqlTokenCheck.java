package dev.pgauth.testkit.gcp;

import dev.pgauth.testkit.gate.TokenCheck;
import java.util.Optional;

/**
 * How Cloud SQL checks an IAM database login: the password is an OAuth access token Google issued
 * (here: {@link FakeGoogle}), unexpired, with the sqlservice.login scope, whose principal is the
 * database user — a user's email, or a service account's email without .gserviceaccount.com.
 */
public final class CloudSqlTokenCheck implements TokenCheck {
    private final FakeGoogle google;

    public CloudSqlTokenCheck(FakeGoogle google) {
        this.google = google;
    }

    @Override
    public Optional<String> reject(String token, String user) {
        Optional<FakeGoogle.Issued> issued = google.issued(token);
        if (issued.isEmpty()) {
            return Optional.of(google.everIssued(token) ? "token expired" : "token not issued by Google");
        }
        if (!issued.get().scopes().contains(FakeGoogle.SQL_LOGIN)) {
            return Optional.of("token lacks the sqlservice.login scope");
        }
        String principal = issued.get().principal();
        String databaseUser = principal.endsWith(".gserviceaccount.com") ? principal.substring(0, principal.length() - ".gserviceaccount.com".length()) : principal;
        if (!databaseUser.equals(user)) {
            return Optional.of("token is for " + databaseUser + ", not " + user);
        }
        return Optional.empty();
    }

    @Override
    public String refusal(String user) {
        return user.endsWith(".iam") ? "Cloud SQL IAM service account authentication failed for user \"" + user + "\""
                : "Cloud SQL IAM user authentication failed for user \"" + user + "\"";
    }
}
