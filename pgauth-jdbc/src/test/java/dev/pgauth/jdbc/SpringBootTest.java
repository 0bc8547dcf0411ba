package dev.pgauth.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/** A Spring Boot service switches to pgauth with two properties and no code. */
class SpringBootTest {
    @TempDir
    Path dir;

    @SpringBootApplication
    static class App {
    }

    @Test
    void springBootDataSourceConnectsThroughPgauthFromPropertiesAlone() {
        JdbcFixture fx = new JdbcFixture(dir);
        String role = fx.role("spring-pw", true);
        Path config = fx.config(fx.target("orders-db", role, "password_file: " + fx.file("pw", "spring-pw")));
        assertConnectsAs(role, config, "orders-db");
    }

    @Test
    void springBootWithAClientCertificateTarget() {
        JdbcFixture fx = new JdbcFixture(dir);
        String role = fx.certRole();
        Path config = fx.config(fx.target("orders-cert", role, "auth_method: mtls", "sslcert: " + dir.resolve(role + ".crt"),
                "sslkey: " + dir.resolve(role + ".key")));
        assertConnectsAs(role, config, "orders-cert");
    }

    private static void assertConnectsAs(String role, Path config, String target) {
        // Keep Spring's logging system away from java.util.logging, which other tests capture.
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE)
                .properties(
                        "spring.datasource.url=jdbc:pgauth:" + target + "?pgauth.config=" + config,
                        "spring.datasource.driver-class-name=dev.pgauth.jdbc.PgAuthDriver",
                        "spring.datasource.password=ignored-$TOKEN",
                        "spring.main.banner-mode=off")
                .run()) {
            assertInstanceOf(HikariDataSource.class, context.getBean(DataSource.class));
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            assertEquals(role, jdbc.queryForObject("select current_user", String.class));
            assertEquals("on", jdbc.queryForObject("show default_transaction_read_only", String.class));
        } finally {
            System.clearProperty("org.springframework.boot.logging.LoggingSystem");
        }
    }
}
