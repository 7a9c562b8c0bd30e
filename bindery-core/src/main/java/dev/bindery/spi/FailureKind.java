package dev.bindery.spi;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

/**
 * What a failure of real work on a bind means, the one classification every module uses ({@link #of(Throwable)}):
 * the connection was lost, the pool was saturated, or the statement itself failed. The router ejects a replica only
 * for {@link #CONNECTION_LOST}; a read that failed for either of the first two may run once more elsewhere.
 */
public enum FailureKind {
    /**
     * The database could not be reached or the connection broke: SQLState class 08, PostgreSQL's shutdown states
     * 57P01-57P03, the JDBC connection exception types, I/O errors, or a pool timeout while the pool could not open
     * connections.
     */
    CONNECTION_LOST,
    /**
     * The bind's pool had no free connection within its connection timeout while the database was reachable
     * (HikariCP's "Connection is not available, request timed out" with no connection failure behind it): load, not
     * death. It never ejects.
     */
    POOL_SATURATED,
    /** Anything else: an error in the SQL, a constraint, a serialization failure. Nothing about the bind's health. */
    STATEMENT;

    /** HikariCP's message for a connection request that timed out waiting for the pool. */
    private static final String POOL_TIMEOUT = "Connection is not available, request timed out";

    /**
     * Classifies {@code failure} by walking its cause chain (and chained {@link SQLException#getNextException()}s).
     * Never throws; {@code null} is a {@link #STATEMENT} failure.
     */
    public static FailureKind of(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 32; t = t.getCause() == t ? null : t.getCause(), depth++) {
            if (isPoolTimeout(t)) {
                // HikariCP sets the cause to the last failure to open a connection, cleared by the next success:
                // a timeout without one means every connection was busy, with one that the database is unreachable.
                return t.getCause() == null ? POOL_SATURATED : CONNECTION_LOST;
            }
            if (isConnectionLevel(t)) {
                return CONNECTION_LOST;
            }
            if (t instanceof SQLException s) {
                for (SQLException next = s.getNextException(); next != null && next != s; next = next.getNextException()) {
                    if (isConnectionLevel(next)) {
                        return CONNECTION_LOST;
                    }
                }
            }
        }
        return STATEMENT;
    }

    private static boolean isPoolTimeout(Throwable t) {
        return t instanceof SQLTransientConnectionException && t.getMessage() != null && t.getMessage().contains(POOL_TIMEOUT);
    }

    private static boolean isConnectionLevel(Throwable t) {
        if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                || t instanceof SQLRecoverableException || t instanceof java.io.IOException) {
            return true;
        }
        if (t instanceof SQLException s && s.getSQLState() != null) {
            String state = s.getSQLState();
            return state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03");
        }
        return false;
    }
}
