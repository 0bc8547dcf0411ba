package dev.pgauth.cli;

import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code pgauth} command. */
@Command(name = "pgauth",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
                "Connects to PostgreSQL with short-lived or locally held credentials, as one least-privilege role,",
                "over TLS that verifies the server, without ever printing the credential.",
                "",
                "The targets file is found at --config, then $PGAUTH_CONFIG, then ./pgauth.yaml, then",
                "$XDG_CONFIG_HOME/pgauth/pgauth.yaml (~/.config/pgauth/pgauth.yaml), then /etc/pgauth/pgauth.yaml."},
        subcommands = {CheckCommand.class, DoctorCommand.class, TokenCommand.class, PsqlCommand.class, SetupCommand.class, DemoCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 a target failed (doctor), 2 invalid config or usage.",
                "Docs: docs/configuration.md, docs/errors.md"})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(run(CliContext.system(), args));
    }

    /** Runs the CLI with the given surroundings; returns the exit code. */
    public static int run(CliContext context, String... args) {
        quietLogging(java.util.Arrays.asList(args).contains("--verbose"));
        CommandLine cli = new CommandLine(new Main(), new ContextFactory(context));
        cli.setOut(context.out());
        cli.setErr(context.err());
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            // Unexpected failures are reported by type only: their messages are not known to be secret-free.
            line.getErr().println("pgauth: internal error (" + e.getClass().getName() + "); run with --verbose and report it");
            return 70;
        });
        int code = cli.execute(args);
        context.out().flush();
        context.err().flush();
        return code;
    }

    /** pgjdbc logs through java.util.logging; a CLI prints its own diagnoses instead. */
    private static void quietLogging(boolean verbose) {
        if (!verbose) {
            LogManager.getLogManager().reset();
            Logger.getLogger("").setLevel(Level.OFF);
        }
    }

    /** Hands every command the same {@link CliContext}. */
    private record ContextFactory(CliContext context) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                return type.getDeclaredConstructor(CliContext.class).newInstance(context);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"pgauth " + (version == null ? "development build" : version)};
        }
    }
}
