package dev.pgauth.cli;

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
        Optional<ConfigOptions.Selection> selected = options.select(cx, List.of(target));
        if (selected.isEmpty()) {
            return 2;
        }
        cx.out().print(SetupSnippets.forTarget(selected.get().single()));
        return 0;
    }
}
