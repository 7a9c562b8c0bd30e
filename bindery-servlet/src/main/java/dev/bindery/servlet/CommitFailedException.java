package dev.bindery.javalin;

import dev.bindery.AvailabilityException;

/**
 * Thrown when a request's sessions fail to commit after its handler succeeded. The request's other sessions are
 * rolled back where they had not committed yet; the response becomes a 500 that says nothing of the SQL.
 */
public final class CommitFailedException extends AvailabilityException {
    private static final long serialVersionUID = 1L;

    /** An error with {@code message}; {@code cause} is the database's error, for the log only. */
    public CommitFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
