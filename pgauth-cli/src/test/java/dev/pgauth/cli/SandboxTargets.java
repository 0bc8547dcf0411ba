package dev.pgauth.cli;

import dev.pgauth.sandbox.Sandbox;
import dev.pgauth.sandbox.SharedSandbox;
import dev.pgauth.testkit.TestFiles;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** Roles, files and YAML for CLI tests against the shared sandbox. */
final class SandboxTargets {
    private static final AtomicInteger ROLES = new AtomicInteger();

    final Sandbox sandbox = SharedSandbox.get();
    final Path dir;

    SandboxTargets(Path dir) {
        this.dir = dir;
    }

    String passwordRole(String password, boolean pgMonitor) {
        String role = "cli_" + ROLES.incrementAndGet();
        sandbox.createPasswordRole(role, password, pgMonitor);
        return role;
    }

    String target(String name, String user, String... extra) {
        StringBuilder b = new StringBuilder("  - name: " + name + "\n    host: " + Sandbox.HOST + "\n    port: " + sandbox.port()
                + "\n    dbname: postgres\n    user: " + user + "\n    sslrootcert_file: " + sandbox.caFile() + "\n");
        for (String line : extra) {
            b.append("    ").append(line).append('\n');
        }
        return b.toString();
    }

    Path config(String name, String... targets) {
        return file(name, "env: dev\ntargets:\n" + String.join("", targets));
    }

    Path file(String name, String content) {
        return TestFiles.secret(dir, name, content);
    }
}
