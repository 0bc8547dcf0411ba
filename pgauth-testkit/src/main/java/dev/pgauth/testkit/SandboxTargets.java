package dev.pgauth.testkit;

import dev.pgauth.sandbox.Sandbox;
import dev.pgauth.sandbox.SharedSandbox;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** Roles, credential files and targets-file YAML for tests against the shared sandbox server. */
public final class SandboxTargets {
    private static final AtomicInteger N = new AtomicInteger();

    public final Sandbox sandbox = SharedSandbox.get();
    public final Path dir;

    /** @param dir the test's own directory for files */
    public SandboxTargets(Path dir) {
        this.dir = dir;
    }

    /** A role name not used before in this JVM. */
    public static String uniqueRole(String prefix) {
        return prefix + "_" + N.incrementAndGet();
    }

    /** A new SCRAM password role. */
    public String passwordRole(String password, boolean pgMonitor) {
        String role = uniqueRole("pw");
        sandbox.createPasswordRole(role, password, pgMonitor);
        return role;
    }

    /** YAML for a target on the sandbox at 127.0.0.1 (verify-full against its CA), plus extra key lines. */
    public String target(String name, String user, String... extra) {
        return targetAt(name, Sandbox.HOST, user, extra);
    }

    /** As {@link #target}, connecting to another host name or address of the same server. */
    public String targetAt(String name, String host, String user, String... extra) {
        StringBuilder b = new StringBuilder()
                .append("  - name: ").append(name).append('\n')
                .append("    host: ").append(host).append('\n')
                .append("    port: ").append(sandbox.port()).append('\n')
                .append("    dbname: postgres\n")
                .append("    user: ").append(user).append('\n')
                .append("    sslrootcert_file: ").append(sandbox.caFile()).append('\n');
        for (String line : extra) {
            b.append("    ").append(line).append('\n');
        }
        return b.toString();
    }

    /** A targets file (env dev) holding these targets. */
    public Path config(String... targets) {
        return file("pgauth-" + N.incrementAndGet() + ".yaml", "env: dev\ntargets:\n" + String.join("", targets));
    }

    /** An owner-only file in the test's directory. */
    public Path file(String name, String content) {
        return TestFiles.secret(dir, name, content);
    }
}
