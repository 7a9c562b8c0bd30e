package dev.bindery.internal;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

/** Tells a lost or refused connection apart from an error in the SQL itself. */
public final class ConnectionFailures {
    private ConnectionFailures() {
    }

    /**
     * Whether {@code e} (or a cause) means the connection failed rather than the statement: SQLState class 08,
     * PostgreSQL's shutdown states 57P01-57P03, or the JDBC connection exception types.
     */
    public static boolean isConnectionLevel(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException s && s.getSQLState() != null) {
                String state = s.getSQLState();
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
                    return true;
                }
            }
            if (t instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }
}
