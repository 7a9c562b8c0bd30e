package dev.bindery.test;

import dev.bindery.test.internal.PinnedConnection;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Runs a test inside one transaction per {@link DataSource} and rolls everything back at the end, so a test leaves
 * no rows behind. {@link #wrap(DataSource)} returns a DataSource that always hands out the same pinned connection,
 * already inside a transaction:
 * <ul>
 *   <li>{@code commit()} releases a savepoint and sets a new one (the work stays visible to the test, nothing is
 *       committed);</li>
 *   <li>{@code rollback()} rolls back to the last such savepoint;</li>
 *   <li>{@code close()} does nothing; {@code setAutoCommit}, {@code setReadOnly} and
 *       {@code setTransactionIsolation} are remembered but not applied.</li>
 * </ul>
 * {@link #rollback()} (or {@link #close()}) rolls back every pinned connection and returns it to its DataSource.
 * Because {@code wrap} is a {@code DataSource -> DataSource} function, it can decorate every bind of a {@code Binds}.
 * All connections of a test share one transaction: code that needs two concurrent transactions cannot be tested
 * this way.
 */
public final class TestTransaction implements AutoCloseable {
    private final Map<DataSource, Pinned> pinned = new IdentityHashMap<>();
    private boolean ended;

    private TestTransaction() {
    }

    /** Starts a test transaction; connections are pinned lazily, on the first {@code getConnection()}. */
    public static TestTransaction begin() {
        return new TestTransaction();
    }

    /** A DataSource whose connections all share one pinned connection of {@code dataSource}, in this transaction. */
    public synchronized DataSource wrap(DataSource dataSource) {
        if (dataSource instanceof Pinned p && pinned.containsKey(p.target)) {
            return p;
        }
        check();
        return pinned.computeIfAbsent(dataSource, Pinned::new);
    }

    /** Rolls back all work of this test transaction and releases the pinned connections. Idempotent. */
    public synchronized void rollback() {
        if (ended) {
            return;
        }
        ended = true;
        List<String> failures = new ArrayList<>();
        for (Pinned p : pinned.values()) {
            try {
                p.release();
            } catch (SQLException e) {
                failures.add(e.getMessage());
            }
        }
        pinned.clear();
        if (!failures.isEmpty()) {
            throw new PostgresClusterException("Rolling back the test transaction failed for " + failures.size()
                    + " connection(s): " + failures + ". Rows written by the test may remain.");
        }
    }

    /** Same as {@link #rollback()}. */
    @Override
    public void close() {
        rollback();
    }

    private void check() {
        if (ended) {
            throw new IllegalStateException("This test transaction was already rolled back; start a new one with "
                    + "TestTransaction.begin().");
        }
    }

    /** The DataSource handed to the code under test. */
    private final class Pinned implements DataSource {
        private final DataSource target;
        private PinnedConnection connection;

        Pinned(DataSource target) {
            this.target = target;
        }

        @Override
        public Connection getConnection() throws SQLException {
            synchronized (TestTransaction.this) {
                check();
                if (connection == null) {
                    connection = PinnedConnection.pin(target.getConnection());
                }
                return connection.handle();
            }
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }

        void release() throws SQLException {
            if (connection != null) {
                connection.release();
                connection = null;
            }
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return target.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            target.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            target.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return target.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return target.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            return iface.isInstance(this) ? iface.cast(this) : target.unwrap(iface);
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) throws SQLException {
            return iface.isInstance(this) || target.isWrapperFor(iface);
        }

        @Override
        public String toString() {
            return "TestTransaction.wrap(" + target + ")";
        }
    }
}
