package dev.pgauth.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DsnTest {

    @Test
    void targetForm() {
        Dsn d = Dsn.parse("jdbc:pgauth:prod-primary?pgauth.config=/etc/pgauth.yaml&currentSchema=app").orElseThrow();
        assertEquals("prod-primary", d.target());
        assertEquals(Map.of("pgauth.config", "/etc/pgauth.yaml", "currentSchema", "app"), d.params());
    }

    @Test
    void placeholderRealLookingAndMissingPasswordsAllParseTheSame() {
        for (String userInfo : new String[] {"app:$TOKEN@", "app:PLACEHOLDER@", "app:S3cr3t%21pw@", "app@", "app:@"}) {
            Dsn d = Dsn.parse("postgresql://" + userInfo + "db.example.com:6432/appdb?sslmode=verify-full").orElseThrow();
            assertEquals("app", d.user());
            assertEquals("db.example.com", d.host());
            assertEquals(6432, d.port());
            assertEquals("appdb", d.dbname());
            assertEquals(userInfo.contains(":"), d.passwordDropped(), userInfo);
            assertFalse(d.toString().contains("S3cr3t"), d.toString());
        }
    }

    @Test
    void jdbcFormsAndSchemes() {
        assertEquals("h", Dsn.parse("jdbc:pgauth:postgresql://u@h/db").orElseThrow().host());
        assertEquals("h", Dsn.parse("jdbc:postgresql://h:5432/db").orElseThrow().host());
        assertEquals("h", Dsn.parse("postgres://h").orElseThrow().host());
        assertNull(Dsn.parse("postgres://h").orElseThrow().port());
        assertEquals("::1", Dsn.parse("postgresql://u@[::1]:5433/db").orElseThrow().host());
        assertEquals(5433, Dsn.parse("postgresql://u@[::1]:5433/db").orElseThrow().port());
    }

    @Test
    void passwordQueryParameterIsDroppedToo() {
        Dsn d = Dsn.parse("postgresql://u@h/db?password=leaked&sslmode=verify-full").orElseThrow();
        assertTrue(d.passwordDropped());
        assertFalse(d.params().containsKey("password"));
        assertTrue(Dsn.parse("jdbc:pgauth:t?password=x").orElseThrow().passwordDropped());
    }

    @Test
    void percentEncodingIsDecoded() {
        Dsn d = Dsn.parse("postgresql://svc%40proj.iam@h/my%20db?pgauth.password_file=%2Frun%2Fpw").orElseThrow();
        assertEquals("svc@proj.iam", d.user());
        assertEquals("my db", d.dbname());
        assertEquals("/run/pw", d.params().get("pgauth.password_file"));
    }

    @Test
    void redactionHidesPasswords() {
        assertEquals("jdbc:pgauth:postgresql://u:***@h/db", Dsn.redact("jdbc:pgauth:postgresql://u:hunter2@h/db"));
        assertEquals("postgresql://u@h/db?password=***&x=1", Dsn.redact("postgresql://u@h/db?password=hunter2&x=1"));
    }

    @Test
    void nonsenseIsRejected() {
        assertTrue(Dsn.parse("jdbc:mysql://h/db").isEmpty());
        assertTrue(Dsn.parse("jdbc:pgauth:").isEmpty());
        assertTrue(Dsn.parse("postgresql://u@h:notaport/db").isEmpty());
        assertTrue(Dsn.parse("postgresql:///db").isEmpty());
        assertTrue(Dsn.parse(null).isEmpty());
    }
}
