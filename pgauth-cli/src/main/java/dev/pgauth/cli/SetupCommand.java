package dev.pgauth.cli;

import dev.pgauth.PgAuth;
import dev.pgauth.config.TargetSpec;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "setup", mixinStandardHelpOptions = true,
        description = {"Print what the database side needs for a target: the role SQL, grants,",
                "and for mtls the pg_hba.conf and pg_ident.conf lines. Prints no secret."},
        footer = {"", "Exit codes: 0 printed, 2 invalid config or unknown target."})
final class SetupCommand implements Callable<Integer> {
    private final CliContext cx;

    @Mixin
    ConfigOptions options;

    @Option(names = {"-t", "--target"}, paramLabel = "NAME", required = true, description = "The target to set up.")
    String target;

    SetupCommand(CliContext cx) {
        this.cx = cx;
    }

    @Override
    public Integer call() {
        Optional<PgAuth> pgauth = options.load(cx);
        if (pgauth.isEmpty()) {
            return 2;
        }
        Optional<List<TargetSpec>> selected = TargetSelection.select(pgauth.get().config(), List.of(target), cx.err());
        if (selected.isEmpty()) {
            return 2;
        }
        cx.out().print(SetupSnippets.forTarget(selected.get().get(0)));
        return 0;
    }
}
