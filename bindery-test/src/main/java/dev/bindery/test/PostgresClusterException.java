package dev.bindery.test;

import dev.bindery.AvailabilityException;

/**
 * Thrown when the test PostgreSQL cluster cannot be unpacked, started, stopped or queried.
 * The message says what failed and, for a failed start, ends with the tail of the server log.
 */
public class PostgresClusterException extends AvailabilityException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that says what failed and what to do. */
    public PostgresClusterException(String message) {
        super(message);
    }

    /** Creates the exception with a message and the underlying cause. */
    public PostgresClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
