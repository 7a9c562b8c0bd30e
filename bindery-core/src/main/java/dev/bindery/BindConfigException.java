package dev.bindery;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when bind configuration is invalid. It reports every problem found in one go, each naming the bind key
 * and the field, so that a configuration with three typos is fixed in one run.
 */
public final class BindConfigException extends ConfigurationException {
    private static final long serialVersionUID = 1L;

    /** One problem in the configuration: which bind, which field, what is wrong. */
    public record Problem(String key, String field, String message) {
        @Override
        public String toString() {
            return (key == null ? "" : "bind '" + key + "'") + (field == null ? "" : (key == null ? "" : ", ") + "field '" + field + "'")
                    + ": " + message;
        }
    }

    private final transient List<Problem> problems;

    public BindConfigException(List<Problem> problems) {
        super(format(problems));
        this.problems = List.copyOf(problems);
    }

    /** The problems found, in the order they were found. */
    public List<Problem> problems() {
        return problems;
    }

    private static String format(List<Problem> problems) {
        if (problems.size() == 1) {
            return "Invalid bind configuration: " + problems.get(0);
        }
        return "Invalid bind configuration (" + problems.size() + " problems):"
                + problems.stream().map(p -> "\n  - " + p).collect(Collectors.joining());
    }
}
