package dev.pgauth.config;

/**
 * One thing wrong (or worth a warning) in a config: which target, which key, what is wrong and how
 * to fix it. Rendered on one line that starts with the target name; never contains a secret.
 *
 * @param target the target's name, {@code targets[i]} when it has none, or {@code config} for the file itself
 * @param key    the config key at fault
 * @param line   1-based line in the file, or 0 when not from a file
 */
public record ConfigProblem(Severity severity, String target, String key, String message, String fix, int line) {

    public enum Severity { ERROR, WARNING }

    public static ConfigProblem error(String target, String key, String message, String fix, int line) {
        return new ConfigProblem(Severity.ERROR, target, key, message, fix, line);
    }

    public static ConfigProblem warning(String target, String key, String message, String fix, int line) {
        return new ConfigProblem(Severity.WARNING, target, key, message, fix, line);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code target: key: message. fix (line N)}. */
    public String render() {
        StringBuilder b = new StringBuilder(target).append(": ").append(key).append(": ").append(message);
        if (!message.endsWith(".")) {
            b.append('.');
        }
        if (fix != null && !fix.isEmpty()) {
            b.append(' ').append(fix);
        }
        if (line > 0) {
            b.append(" (line ").append(line).append(')');
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return render();
    }
}
