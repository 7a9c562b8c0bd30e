package dev.bindery.internal;

import dev.bindery.ExecutionOptions;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Applies a derived bind's {@link ExecutionOptions} to a pooled connection when it is taken. HikariCP restores the
 * pool's own read-only flag, auto-commit, isolation and schema when the connection is returned; the statement
 * timeout lives on a thin proxy that disappears with the connection.
 */
public final class DerivedBinds {
    private DerivedBinds() {
    }

    /** Applies {@code options} to {@code connection}; closes it and rethrows if the driver refuses one. */
    public static Connection apply(Connection connection, ExecutionOptions options) throws SQLException {
        try {
            if (options.isolation() != null) {
                connection.setTransactionIsolation(options.isolation().jdbcLevel());
            }
            if (options.readOnly() != null) {
                connection.setReadOnly(options.readOnly());
            }
            if (options.autoCommit() != null) {
                connection.setAutoCommit(options.autoCommit());
            }
            if (options.schema() != null) {
                connection.setSchema(options.schema());
            }
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        if (options.statementTimeout() != null) {
            return withStatementTimeout(connection, (int) Math.max(1, options.statementTimeout().toSeconds()));
        }
        return connection;
    }

    private static Connection withStatementTimeout(Connection target, int seconds) {
        InvocationHandler handler = new InvocationHandler() {
            @Override
            public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
                try {
                    if (method.getName().equals("unwrap") && args[0] instanceof Class<?> c && c.isInstance(target)) {
                        return target;
                    }
                    if (method.getName().equals("close") && !target.isClosed()) {
                        // Some drivers (H2) keep the query timeout per session: reset it before the pool reuses the connection.
                        try (Statement reset = target.createStatement()) {
                            reset.setQueryTimeout(0);
                        }
                    }
                    Object result = method.invoke(target, args);
                    if (result instanceof Statement s) {
                        s.setQueryTimeout(seconds);
                    }
                    return result;
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }
        };
        return (Connection) Proxy.newProxyInstance(DerivedBinds.class.getClassLoader(), new Class<?>[]{Connection.class}, handler);
    }
}
