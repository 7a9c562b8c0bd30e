package dev.bindery.test;

/**
 * Thrown when the test Patroni cluster (etcd and Patroni over the system PostgreSQL) cannot be found, started,
 * controlled or queried, or does not reach the state a control waits for. The message says what failed and ends with
 * the tail of the relevant log; it is a {@link PostgresClusterException} because every member is a PostgreSQL server.
 */
public class PatroniClusterException extends PostgresClusterException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that says what failed and what to do. */
    public PatroniClusterException(String message) {
        super(message);
    }

    /** Creates the exception with a message and the underlying cause. */
    public PatroniClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
