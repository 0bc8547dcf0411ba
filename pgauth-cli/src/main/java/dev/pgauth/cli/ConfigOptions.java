package dev.pgauth.cli;

import dev.pgauth.PgAuth;
import dev.pgauth.config.ConfigException;
import dev.pgauth.config.ConfigFiles;
import dev.pgauth.config.ConfigProblem;
import dev.pgauth.config.TargetSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/** {@code --config} and {@code --verbose}, shared by every command that reads a targets file. */
final class ConfigOptions {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Targets file (default: see pgauth --help).")
    Path config;

    @Option(names = "--verbose", description = "Also print library logs (never credentials).")
    boolean verbose;

    /** A loaded config and the targets a command works on. */
    record Selection(PgAuth pgauth, List<TargetSpec> targets) {
        TargetSpec single() {
            return targets.get(0);
        }
    }

    /**
     * The config and the named targets (all of them when {@code names} is empty), or empty after
     * printing why not.
     */
    Optional<Selection> select(CliContext cx, List<String> names) {
        return load(cx).flatMap(p -> TargetSelection.select(p.config(), names, cx.err()).map(targets -> new Selection(p, targets)));
    }

    /** The loaded config, or empty after printing why not (every error, one per line, target first). */
    Optional<PgAuth> load(CliContext cx) {
        Optional<Path> file = ConfigFiles.locate(config, cx.env(), cx.workingDir(), cx.home());
        if (file.isEmpty()) {
            cx.err().println("config: file: no targets file found; looked at "
                    + ConfigFiles.candidates(null, cx.env(), cx.workingDir(), cx.home()).stream().map(Path::toString).collect(Collectors.joining(", "))
                    + ". Pass --config FILE or set PGAUTH_CONFIG (see docs/configuration.md).");
            return Optional.empty();
        }
        try {
            PgAuth pgauth = PgAuth.load(file.get(), cx.env(), cx.clock());
            pgauth.config().warnings().forEach(w -> cx.err().println("warning: " + w.render()));
            return Optional.of(pgauth);
        } catch (ConfigException e) {
            for (ConfigProblem p : e.problems()) {
                cx.err().println(p.isError() ? p.render() : "warning: " + p.render());
            }
            cx.out().println(file.get() + ": " + e.errors().size() + (e.errors().size() == 1 ? " error" : " errors") + "; nothing was connected.");
            return Optional.empty();
        }
    }
}
