package dev.pgauth.cli;

import dev.pgauth.PgAuth;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Validate the targets file without connecting to anything.",
                "Prints every error at once, one per line starting with the target name; warnings go to stderr too."},
        footer = {"", "Exit codes: 0 valid (warnings allowed), 2 invalid."})
final class CheckCommand implements Callable<Integer> {
    private final CliContext cx;

    @Mixin
    ConfigOptions options;

    CheckCommand(CliContext cx) {
        this.cx = cx;
    }

    @Override
    public Integer call() {
        Optional<PgAuth> pgauth = options.load(cx);
        if (pgauth.isEmpty()) {
            return 2;
        }
        var config = pgauth.get().config();
        long enabled = config.targets().stream().filter(t -> t.enabled()).count();
        cx.out().println(config.source() + ": valid; " + config.targets().size() + " targets (" + enabled + " enabled), env "
                + config.env() + (config.warnings().isEmpty() ? "" : ", " + config.warnings().size() + " warnings") + ".");
        return 0;
    }
}
