package dev.bindery.servlet;

import dev.bindery.AvailabilityException;

/**
 * Thrown when a request's sessions fail to commit after its handler succeeded. The request's other sessions are
 * rolled back where they had not committed yet; the response becomes {@code 500} with {@link #RESPONSE_BODY}, which
 * says nothing of the SQL.
 */
public final class CommitFailedException extends AvailabilityException {
    private static final long serialVersionUID = 1L;
    /** The body of the 500 response that the Javalin plugin and the servlet filter answer. */
    public static final String RESPONSE_BODY =
            "{\"error\":\"The request's changes could not be saved and were rolled back.\"}";

    /** An error with {@code message}; {@code cause} is the database's error, for the log only. */
    public CommitFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
