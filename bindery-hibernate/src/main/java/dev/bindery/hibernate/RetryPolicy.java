package dev.bindery.hibernate;

import dev.bindery.spi.FailureKind;

import java.sql.SQLException;
import java.time.Duration;

/**
 * When {@link Database#inTransaction(RetryPolicy, TransactionWork)} reruns a whole unit of work. A unit is rerun,
 * with a fresh session, only when it failed before anything could have been committed: on a serialization failure
 * (SQLSTATE 40001), a deadlock (40P01, or 40001 on MariaDB) or a lost connection before commit (as core's one
 * classifier {@link FailureKind#of(Throwable)} says: SQLSTATE class 08, PostgreSQL 57P01-57P03, I/O). It is never
 * rerun after an ambiguous commit (the connection was lost while committing) or a {@link PartialCommitException}.
 */
public final class RetryPolicy {
    private static final RetryPolicy NONE = new RetryPolicy(0, Duration.ZERO);

    private final int retries;
    private final Duration backoff;

    private RetryPolicy(int retries, Duration backoff) {
        this.retries = retries;
        this.backoff = backoff;
    }

    /**
     * Reruns a unit of work up to {@code retries} more times after a transient error, waiting a short random backoff
     * (up to 20 ms times the attempt number) between runs.
     *
     * @throws IllegalArgumentException if {@code retries} is negative
     */
    public static RetryPolicy transientErrors(int retries) {
        if (retries < 0) {
            throw new IllegalArgumentException("retries was " + retries + " but must be 0 or more");
        }
        return new RetryPolicy(retries, Duration.ofMillis(20));
    }

    /** Never reruns. */
    public static RetryPolicy none() {
        return NONE;
    }

    /** This policy with another backoff unit (the wait before rerun n is random, up to n times this). */
    public RetryPolicy withBackoff(Duration backoff) {
        return new RetryPolicy(retries, backoff);
    }

    /** How many reruns are allowed after the first attempt. */
    public int retries() {
        return retries;
    }

    /** The backoff unit. */
    public Duration backoff() {
        return backoff;
    }

    /** Whether {@code failure} is a transient error that a rerun may cure (serialization, deadlock, lost connection). */
    public static boolean isTransient(Throwable failure) {
        String s = sqlState(failure);
        return (s != null && (s.equals("40001") || s.equals("40P01"))) || isConnectionLoss(failure);
    }

    /**
     * Whether {@code failure} is a lost connection, as core classifies it ({@link FailureKind#CONNECTION_LOST}): SQLSTATE
     * class 08, PostgreSQL 57P01-57P03, the JDBC connection exception types or I/O. A saturated pool is not one.
     */
    public static boolean isConnectionLoss(Throwable failure) {
        return FailureKind.of(failure) == FailureKind.CONNECTION_LOST;
    }

    static String sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException e = sql; e != null; e = e.getNextException()) {
                    if (e.getSQLState() != null) {
                        return e.getSQLState();
                    }
                }
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "RetryPolicy[retries=" + retries + ", backoff=" + backoff + "]";
    }
}
