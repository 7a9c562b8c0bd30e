package dev.bindery.bench;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Checks, before a variant is measured, that its read really reaches the pool it claims to route to, by looking at
 * which pool has a connection out while a statement's result set is still open. A benchmark of a router that routes
 * to the wrong place would measure nothing worth quoting.
 */
final class RouteCheck {

    private RouteCheck() {
    }

    /** Functional view of "borrow a connection the way this variant does". */
    interface Borrow {
        Connection get() throws SQLException;
    }

    /**
     * Runs one read through {@code borrow} (calling {@code setReadOnly(true)} first when asked) and fails unless,
     * mid-read, {@code expected} lends one connection and {@code other} none.
     */
    static void readReaches(String variant, Borrow borrow, boolean setReadOnly,
                            HikariDataSource expected, HikariDataSource other) throws SQLException {
        try (Connection c = borrow.get()) {
            if (setReadOnly) {
                c.setReadOnly(true);
            }
            try (PreparedStatement select = c.prepareStatement(SharedDatabase.SELECT_BY_ID)) {
                select.setInt(1, 1);
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    int onExpected = expected.getHikariPoolMXBean().getActiveConnections();
                    int onOther = other.getHikariPoolMXBean().getActiveConnections();
                    if (onExpected != 1 || onOther != 0) {
                        throw new IllegalStateException(variant + ": a read should hold one connection of pool '"
                                + expected.getPoolName() + "' and none of '" + other.getPoolName() + "', but held "
                                + onExpected + " and " + onOther + "; the variant is not routing as configured");
                    }
                }
            }
        }
    }
}
