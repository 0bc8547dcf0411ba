package dev.pgauth.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** Runs the CLI in-process with a controlled environment and captures what it prints. */
final class Cli {
    final Map<String, String> env = new HashMap<>();
    final Path workingDir;
    final Path home;

    Cli(Path dir) {
        this.workingDir = dir;
        this.home = dir.resolve("home");
    }

    record Result(int exit, String out, String err) {
        String all() {
            return out + err;
        }
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new CliContext(Map.copyOf(env), workingDir, home, new PrintWriter(out, true), new PrintWriter(err, true), Clock.systemUTC()), args);
        return new Result(exit, out.toString(), err.toString());
    }
}
