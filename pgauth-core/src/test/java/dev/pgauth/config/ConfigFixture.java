package dev.pgauth.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.pgauth.credential.CredentialProviders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A directory holding every file a test config may name, and helpers to load YAML written there. */
final class ConfigFixture {
    static final List<String> FILES = List.of("ca.pem", "pw.txt", "pgpass", "client.crt", "client.key", "key.pass");

    final Path dir;

    ConfigFixture(Path dir) {
        this.dir = dir;
        try {
            for (String f : FILES) {
                Files.writeString(dir.resolve(f), "x");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    TargetsConfig load(String yaml, Map<String, String> env) throws ConfigException {
        return new ConfigLoader(env, List.of(CredentialProviders.discover(env).availabilityRule())).parse(yaml, dir.resolve("pgauth.yaml"));
    }

    TargetsConfig valid(String yaml) {
        return valid(yaml, Map.of());
    }

    TargetsConfig valid(String yaml, Map<String, String> env) {
        try {
            return load(yaml, env);
        } catch (ConfigException e) {
            return fail("expected a valid config, got:\n" + e.getMessage());
        }
    }

    ConfigException invalid(String yaml) {
        return invalid(yaml, Map.of());
    }

    ConfigException invalid(String yaml, Map<String, String> env) {
        return assertThrows(ConfigException.class, () -> load(yaml, env));
    }

    /** The exception holds an error for this target and key whose rendered line contains every fragment. */
    static ConfigProblem assertError(ConfigException e, String target, String key, String... fragments) {
        return assertProblem(e.errors(), target, key, fragments);
    }

    static ConfigProblem assertProblem(List<ConfigProblem> problems, String target, String key, String... fragments) {
        for (ConfigProblem p : problems) {
            if (p.target().equals(target) && p.key().equals(key)) {
                String line = p.render();
                assertTrue(line.startsWith(target + ": "), line);
                for (String fragment : fragments) {
                    assertTrue(line.contains(fragment), "expected '" + fragment + "' in: " + line);
                }
                return p;
            }
        }
        return fail("no problem for " + target + "/" + key + " among:\n"
                + problems.stream().map(ConfigProblem::render).collect(Collectors.joining("\n")));
    }

    static void assertNoError(ConfigException e, String target, String key) {
        assertFalse(e.errors().stream().anyMatch(p -> p.target().equals(target) && p.key().equals(key)),
                "unexpected error for " + target + "/" + key + ":\n" + e.getMessage());
    }

    /** A password target with verified TLS, plus extra lines (indented as target keys). */
    static String target(String name, String... lines) {
        StringBuilder b = new StringBuilder("  - name: " + name + "\n    host: db.internal\n    user: app\n");
        for (String l : lines) {
            b.append("    ").append(l).append('\n');
        }
        return b.toString();
    }

    static String config(String... targets) {
        return "env: dev\ntargets:\n" + String.join("", targets);
    }
}
