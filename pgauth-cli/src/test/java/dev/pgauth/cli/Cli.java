package dev.pgauth.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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

    /**
     * Runs the CLI as a child JVM (for identity sources libraries read from the real process
     * environment): this JVM's environment without the variables starting with {@code dropPrefixes},
     * plus {@code env}; names resolve from the test hosts file, as here.
     */
    static Result child(List<String> dropPrefixes, Map<String, String> env, String... args) throws Exception {
        return childJava(Main.class, dropPrefixes, env, args);
    }

    /** As {@link #child}, running another main class of the test class path (e.g. {@link JdbcChild}). */
    static Result childJava(Class<?> main, List<String> dropPrefixes, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djdk.net.hosts.file=" + System.getProperty("jdk.net.hosts.file"), "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("PGAUTH_") || dropPrefixes.stream().anyMatch(k::startsWith));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out, err);
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new CliContext(Map.copyOf(env), workingDir, home, new PrintWriter(out, true), new PrintWriter(err, true), Clock.systemUTC()), args);
        return new Result(exit, out.toString(), err.toString());
    }
}
