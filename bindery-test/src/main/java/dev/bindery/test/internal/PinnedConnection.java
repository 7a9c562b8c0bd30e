package dev.bindery.test.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;

/**
 * One real connection held in a transaction for a whole test. Each {@link #handle()} is a proxy on which commit
 * becomes "move the savepoint", rollback becomes "roll back to the savepoint" and close does nothing.
 */
public final class PinnedConnection {
    private final Connection real;
    private final boolean originalAutoCommit;
    private Savepoint savepoint;
    private boolean autoCommit;
    private Boolean readOnly;
    private Integer isolation;

    private PinnedConnection(Connection real) throws SQLException {
        this.real = real;
        this.originalAutoCommit = real.getAutoCommit();
        this.autoCommit = originalAutoCommit;
        real.setAutoCommit(false);
        this.savepoint = real.setSavepoint();
    }

    /** Starts a transaction on {@code real} and holds it until {@link #release()}. */
    public static PinnedConnection pin(Connection real) throws SQLException {
        try {
            return new PinnedConnection(real);
        } catch (SQLException | RuntimeException e) {
            real.close();
            throw e;
        }
    }

    /** A new handle on the pinned connection, as the code under test sees it. */
    public Connection handle() {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                new Handle());
    }

    /** Rolls back everything done on the connection and closes it (returning it to its pool). */
    public void release() throws SQLException {
        try {
            real.rollback();
            real.setAutoCommit(originalAutoCommit);
        } finally {
            real.close();
        }
    }

    private synchronized void commit() throws SQLException {
        real.releaseSavepoint(savepoint);
        savepoint = real.setSavepoint();
    }

    private synchronized void rollback() throws SQLException {
        real.rollback(savepoint);
    }

    private final class Handle implements InvocationHandler {
        private boolean closed;

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            switch (name) {
                case "close":
                case "abort":
                    closed = true;
                    return null;
                case "isClosed":
                    return closed || real.isClosed();
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "toString":
                    return "PinnedConnection[" + real + "]";
                default:
                    break;
            }
            if (closed) {
                throw new SQLException("This connection was closed (it is a handle on the connection pinned by a "
                        + "TestTransaction); get a new one from the DataSource.", "08003");
            }
            switch (name) {
                case "commit":
                    commit();
                    return null;
                case "rollback":
                    if (args == null) {
                        rollback();
                        return null;
                    }
                    break;
                case "setAutoCommit":
                    if (autoCommit != (Boolean) args[0] && (Boolean) args[0]) {
                        commit();
                    }
                    autoCommit = (Boolean) args[0];
                    return null;
                case "getAutoCommit":
                    return autoCommit;
                case "setReadOnly":
                    readOnly = (Boolean) args[0];
                    return null;
                case "isReadOnly":
                    return readOnly != null ? readOnly : real.isReadOnly();
                case "setTransactionIsolation":
                    isolation = (Integer) args[0];
                    return null;
                case "getTransactionIsolation":
                    return isolation != null ? isolation : real.getTransactionIsolation();
                case "unwrap":
                    return ((Class<?>) args[0]).isInstance(proxy) ? proxy : real.unwrap((Class<?>) args[0]);
                case "isWrapperFor":
                    return ((Class<?>) args[0]).isInstance(proxy) || real.isWrapperFor((Class<?>) args[0]);
                default:
                    break;
            }
            try {
                return method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
