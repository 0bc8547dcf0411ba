package dev.pgauth.credential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgauth.credential.password.Pgpass;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PgpassTest {

    private static Optional<String> find(String content) {
        return Pgpass.find(content, "db.internal", 5432, "appdb", "app").map(m -> new String(m.password()));
    }

    @Test
    void exactMatch() {
        assertEquals(Optional.of("pw"), find("db.internal:5432:appdb:app:pw\n"));
    }

    @Test
    void wildcardsMatchAnyValueButOnlyAsAWholeField() {
        assertEquals(Optional.of("pw"), find("*:*:*:*:pw"));
        assertEquals(Optional.of("pw"), find("db.internal:*:appdb:*:pw"));
        assertEquals(Optional.empty(), find("db*:5432:appdb:app:pw"), "* is a wildcard only as the whole field");
        assertEquals(Optional.empty(), find("\\*:5432:appdb:app:pw"), "an escaped * is a literal *");
    }

    @Test
    void firstMatchWins() {
        assertEquals(Optional.of("first"), find("db.internal:5432:appdb:app:first\n*:*:*:*:second\n"));
        assertEquals(Optional.of("second"), find("other:5432:appdb:app:first\n*:*:*:*:second\n"));
    }

    @Test
    void commentsBlankLinesAndCrlfAreHandled() {
        assertEquals(Optional.of("pw"), find("# a comment\n\n\r\n#db.internal:5432:appdb:app:commented\ndb.internal:5432:appdb:app:pw\r\n"));
    }

    @Test
    void escapesInFieldsAndPassword() {
        assertEquals(Optional.of("p:w\\x"), find("db.internal:5432:appdb:app:p\\:w\\\\x"));
        assertEquals(Optional.of("pw"), Pgpass.find("h\\:1:5432:appdb:app:pw", "h:1", 5432, "appdb", "app").map(m -> new String(m.password())));
    }

    @Test
    void passwordEndsAtTheNextUnescapedColonLikeLibpq() {
        assertEquals(Optional.of("pw"), find("db.internal:5432:appdb:app:pw:extra"));
    }

    @Test
    void linesWithFewerThanFiveFieldsNeverMatch() {
        assertEquals(Optional.empty(), find("db.internal:5432:appdb:app"));
        assertEquals(Optional.empty(), find("*:*:*"));
        assertEquals(Optional.of(""), find("db.internal:5432:appdb:app:"), "an empty fifth field is an empty password");
    }

    @Test
    void everyFieldMustMatch() {
        assertEquals(Optional.empty(), find("db.internal:5433:appdb:app:pw"));
        assertEquals(Optional.empty(), find("db.internal:5432:other:app:pw"));
        assertEquals(Optional.empty(), find("db.internal:5432:appdb:bob:pw"));
        assertEquals(Optional.empty(), find("DB.INTERNAL:5432:appdb:app:pw"), "libpq compares host names exactly");
    }

    @Test
    void reportsTheLineNumberButNotThePasswordInToString() {
        Pgpass.Match m = Pgpass.find("# c\nx:1:y:z:no\n*:*:*:*:Canary-777", "h", 1, "d", "u").orElseThrow();
        assertEquals(3, m.line());
        assertTrue(!m.toString().contains("Canary"));
    }
}
