package dev.pgauth.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A loaded, valid targets file.
 *
 * @param source   the file it came from, or null
 * @param warnings problems that do not stop startup (printed on stderr by the CLI)
 */
public record TargetsConfig(Path source, DeploymentEnv env, List<TargetSpec> targets, List<ConfigProblem> warnings) {

    public TargetsConfig {
        targets = List.copyOf(targets);
        warnings = List.copyOf(warnings);
    }

    public Optional<TargetSpec> target(String name) {
        return targets.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
