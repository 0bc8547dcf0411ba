package dev.pgauth.bench;

import dev.pgauth.config.ConfigException;
import dev.pgauth.config.ConfigLoader;
import dev.pgauth.config.TargetsConfig;
import dev.pgauth.credential.CredentialProviders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.yaml.snakeyaml.Yaml;

/**
 * Loading and validating a large targets file, against the baseline of merely parsing the same
 * YAML into maps with SnakeYAML (no validation): the ratio is the cost of pgauth's checks.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ConfigLoadBenchmark {
    @Param("10000")
    int targets;

    String yaml;
    Path source;
    ConfigLoader loader;

    @Setup
    public void setUp() throws IOException {
        Path dir = Files.createTempDirectory("pgauth-bench-config");
        Files.writeString(dir.resolve("ca.pem"), "x");
        source = dir.resolve("pgauth.yaml");
        StringBuilder b = new StringBuilder("env: prod\ntargets:\n");
        for (int i = 0; i < targets; i++) {
            b.append("  - name: db-").append(i).append("\n    host: db-").append(i).append(".internal\n    port: 5432\n    dbname: app\n")
                    .append("    user: monitor\n    sslmode: verify-full\n    sslrootcert_file: ca.pem\n    password_env: DB_PASSWORD_").append(i % 50).append('\n');
        }
        yaml = b.toString();
        loader = new ConfigLoader(Map.of(), List.of(CredentialProviders.discover(Map.of()).availabilityRule()));
    }

    @Benchmark
    public TargetsConfig pgauthLoadAndValidate() throws ConfigException {
        return loader.parse(yaml, source);
    }

    @Benchmark
    public Object baselineSnakeYamlParseOnly() {
        return new Yaml().load(yaml);
    }
}
