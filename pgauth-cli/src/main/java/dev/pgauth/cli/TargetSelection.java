package dev.pgauth.cli;

import dev.pgauth.config.TargetSpec;
import dev.pgauth.config.TargetsConfig;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Resolves {@code --target} names; all targets when none are given. */
final class TargetSelection {
    private TargetSelection() {
    }

    static Optional<List<TargetSpec>> select(TargetsConfig config, List<String> names, PrintWriter err) {
        if (names.isEmpty()) {
            return Optional.of(config.targets());
        }
        List<String> unknown = names.stream().filter(n -> config.target(n).isEmpty()).toList();
        if (!unknown.isEmpty()) {
            String known = config.targets().stream().map(TargetSpec::name).collect(Collectors.joining(", "));
            unknown.forEach(n -> err.println(n + ": target: no target of that name in " + config.source() + ". Known targets: " + known + "."));
            return Optional.empty();
        }
        return Optional.of(config.targets().stream().filter(t -> names.contains(t.name())).toList());
    }
}
