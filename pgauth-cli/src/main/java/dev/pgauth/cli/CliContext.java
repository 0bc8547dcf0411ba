package dev.pgauth.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** Everything a command takes from its surroundings, so tests can run the CLI in-process. */
public record CliContext(Map<String, String> env, Path workingDir, Path home, PrintWriter out, PrintWriter err, Clock clock) {

    public static CliContext system() {
        return new CliContext(System.getenv(), Path.of("").toAbsolutePath(), Path.of(System.getProperty("user.home")),
                new PrintWriter(System.out, true), new PrintWriter(System.err, true), Clock.systemUTC());
    }
}
