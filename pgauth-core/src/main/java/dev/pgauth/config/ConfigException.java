package dev.pgauth.config;

import java.util.List;
import java.util.stream.Collectors;

/** The config is invalid; carries every error found, not just the first. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;

    public ConfigException(List<ConfigProblem> problems) {
        super(problems.stream().filter(ConfigProblem::isError).map(ConfigProblem::render).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    /** Errors and warnings, in file order. */
    public List<ConfigProblem> problems() {
        return problems;
    }

    public List<ConfigProblem> errors() {
        return problems.stream().filter(ConfigProblem::isError).toList();
    }
}
