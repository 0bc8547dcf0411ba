package dev.pgauth.config;

import dev.pgauth.credential.password.Pgpass;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

/**
 * Generated inputs for the three parsers that read untrusted text. Each must either succeed or
 * fail with its documented outcome (ConfigException, an empty Optional), never anything else.
 */
class ParserPropertiesTest {
    private static final ConfigLoader LOADER = new ConfigLoader(Map.of(), List.of());
    private static final Path SOURCE = Path.of("/nonexistent/pgauth.yaml");

    @Property(tries = 3000)
    void yamlLoaderOnlyThrowsConfigExceptionOnArbitraryText(@ForAll @StringLength(max = 300) String text) {
        loadExpectingOnlyConfigException(text);
    }

    @Property(tries = 3000)
    void yamlLoaderOnlyThrowsConfigExceptionOnYamlShapedInput(@ForAll("yamlish") String text) {
        loadExpectingOnlyConfigException(text);
    }

    @Property(tries = 3000)
    void pgpassNeverThrows(@ForAll("pgpassish") String content, @ForAll @StringLength(max = 10) String host,
                           @ForAll("ports") int port, @ForAll @StringLength(max = 10) String db) {
        Pgpass.find(content, host, port, db, "u");
    }

    @Property(tries = 3000)
    void pgpassFindsAnyLineItWasGivenWithEscapedFields(@ForAll("fieldText") String host, @ForAll("fieldText") String user,
                                                       @ForAll("fieldText") String password) {
        String line = escape(host) + ":5432:db:" + escape(user) + ":" + escape(password);
        var match = Pgpass.find("# x\n" + line + "\n", host, 5432, "db", user);
        if (match.isEmpty() || !new String(match.get().password()).equals(password)) {
            throw new AssertionError("round trip failed for line " + line);
        }
    }

    @Property(tries = 5000)
    void secretRefParserNeverThrows(@ForAll("refish") String ref) {
        SecretRef.parse(ref).ifPresent(r -> {
            if (!r.ref().equals(ref)) {
                throw new AssertionError("ref not preserved");
            }
        });
    }

    private static void loadExpectingOnlyConfigException(String text) {
        try {
            LOADER.parse(text, SOURCE);
        } catch (ConfigException e) {
            if (e.errors().isEmpty()) {
                throw new AssertionError("ConfigException without errors");
            }
            e.errors().forEach(p -> {
                if (p.render().isEmpty() || p.target().isEmpty()) {
                    throw new AssertionError("problem without target: " + p);
                }
            });
        }
    }

    private static String escape(String field) {
        return field.replace("\\", "\\\\").replace(":", "\\:").replace("#", "\\#");
    }

    @Provide
    Arbitrary<String> fieldText() {
        return Arbitraries.strings().withChars("ab:\\*#x ").ofMinLength(1).ofMaxLength(8).filter(s -> !s.equals("*"));
    }

    @Provide
    Arbitrary<Integer> ports() {
        return Arbitraries.integers().between(0, 70000);
    }

    @Provide
    Arbitrary<String> pgpassish() {
        return Arbitraries.strings().withChars("ab*:\\#\n\r 5432").ofMaxLength(200);
    }

    @Provide
    Arbitrary<String> refish() {
        Arbitrary<String> pieces = Arbitraries.of("arn:", "aws", "aws-cn", "aws-us-gov", ":", "secretsmanager", "ssm", "us-east-1", "cn-north-1",
                "us-gov-west-1", "123456789012", "secret:", "parameter/", "/", "//", "https://", "myvault", ".vault.azure.net", ".vault.azure.cn",
                "/secrets/", "db", "0123456789abcdef0123456789abcdef", "projects/", "my-project", "/versions/", "latest", "7", "0", "\u0000", "é", "%", " ");
        return pieces.list().ofMaxSize(14).map(l -> String.join("", l));
    }

    @Provide
    Arbitrary<String> yamlish() {
        Arbitrary<String> keys = Arbitraries.of(ConfigKeys.TARGET.toArray(String[]::new)).injectDuplicates(0.1);
        Arbitrary<String> values = Arbitraries.of("db1", "5432", "0", "70000", "true", "maybe", "password", "mtls", "aws_rds_iam", "secret_store",
                "verify-full", "require", "disable", "system", "ca.pem", "~", "", "[a, b]", "{x: 1}", "10s", "-1", "\"quoted\"", "'x'", "&a", "*a",
                "projects/p1234/secrets/s/versions/latest", "!!binary AAAA", "!!java.lang.Object {}", "|\n  multi", ": :", "\t");
        Arbitrary<String> entry = Combinators.combine(keys, values).as((k, v) -> "    " + k + ": " + v + "\n");
        Arbitrary<String> target = entry.list().ofMaxSize(8).map(l -> "  - " + String.join("", l).stripLeading());
        Arbitrary<String> header = Arbitraries.of("", "env: dev\n", "env: prod\n", "env: [x]\n", "envv: lab\n");
        Arbitrary<String> targetsKey = Arbitraries.of("targets:\n", "targets: 3\n", "", "targets: []\n", "? targets\n");
        return Combinators.combine(header, targetsKey, target.list().ofMaxSize(4)).as((h, k, ts) -> h + k + String.join("", ts));
    }
}
