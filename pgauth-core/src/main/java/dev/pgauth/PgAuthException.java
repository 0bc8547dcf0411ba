package dev.pgauth;

/**
 * A connect-time failure scoped to one target: what went wrong, how to fix it, and its category.
 * Messages never contain a credential; causes are only attached when their messages cannot hold one.
 */
public class PgAuthException extends Exception {
    private static final long serialVersionUID = 1L;

    private final FailureCategory category;
    private final String target;
    private final String problem;
    private final String fix;

    public PgAuthException(FailureCategory category, String target, String problem, String fix) {
        this(category, target, problem, fix, null);
    }

    public PgAuthException(FailureCategory category, String target, String problem, String fix, Throwable cause) {
        super("target " + target + ": " + problem + (problem.endsWith(".") ? "" : ".") + (fix == null || fix.isEmpty() ? "" : " " + fix), cause);
        this.category = category;
        this.target = target;
        this.problem = problem;
        this.fix = fix;
    }

    public FailureCategory category() {
        return category;
    }

    public String target() {
        return target;
    }

    /** One sentence: what is wrong. */
    public String problem() {
        return problem;
    }

    /** One sentence: what to do about it. */
    public String fix() {
        return fix;
    }
}
