package dev.pgauth.sandbox;

/** One sandbox server per JVM, started on first use and stopped when the JVM exits (a start costs seconds). */
public final class SharedSandbox {
    private static Sandbox instance;

    private SharedSandbox() {
    }

    public static synchronized Sandbox get() {
        if (instance == null) {
            instance = Sandbox.start();
            Sandbox started = instance;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "pgauth-sandbox-stop"));
        }
        return instance;
    }
}
