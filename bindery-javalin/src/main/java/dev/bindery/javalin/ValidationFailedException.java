package dev.bindery.javalin;

import dev.bindery.RefusedWorkException;

import java.util.List;

/**
 * Thrown by a view when the request's data is invalid. The plugin answers it with status 400 and the JSON body
 * {@code {"error": "validation failed", "problems": [...]}}, and the request's sessions roll back.
 */
public final class ValidationFailedException extends RefusedWorkException {
    private static final long serialVersionUID = 1L;
    private final transient List<String> problems;

    /** An error for {@code problems}, one sentence each. */
    public ValidationFailedException(List<String> problems) {
        super("Validation failed: " + String.join("; ", problems) + ". Correct the request and send it again.");
        this.problems = List.copyOf(problems);
    }

    /** Each problem, one sentence a client can show. */
    public List<String> problems() {
        return problems;
    }
}
