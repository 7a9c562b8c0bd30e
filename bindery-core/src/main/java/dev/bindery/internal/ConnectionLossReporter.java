package dev.bindery.internal;

import dev.bindery.spi.FailureKind;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A thin proxy over a replica's connection, and the statements and result sets it hands out: an SQLException that
 * means the connection was lost ({@link FailureKind#CONNECTION_LOST}) reports it to the bind, which ejects the
 * replica at once, then propagates unchanged. However the connection is used after it was handed out (plain JDBC,
 * Hibernate queries run later), a dead replica stops receiving reads at its first failure.
 */
final class ConnectionLossReporter implements InvocationHandler {
    private final Object target;
    private final BindNode node;
    private final Connection connection;

    private ConnectionLossReporter(Object target, BindNode node, Connection connection) {
        this.target = target;
        this.node = node;
        this.connection = connection;
    }

    /** {@code connection}, reporting a lost connection to {@code node}. */
    static Connection wrap(Connection connection, BindNode node) {
        return (Connection) Proxy.newProxyInstance(ConnectionLossReporter.class.getClassLoader(),
                new Class<?>[]{Connection.class}, new ConnectionLossReporter(connection, node, null));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "Reporting[" + target + "]";
            };
        }
        Object result;
        try {
            result = method.invoke(target, args);
        } catch (InvocationTargetException e) {
            Throwable failure = e.getCause();
            if (failure instanceof SQLException && FailureKind.of(failure) == FailureKind.CONNECTION_LOST) {
                node.connectionLost(failure);
            }
            throw failure;
        }
        if (result == null) {
            return null;
        }
        Class<?> type = method.getReturnType();
        if (type == Statement.class || type == PreparedStatement.class || type == CallableStatement.class
                || type == ResultSet.class) {
            return proxy(type, result, connection == null ? (Connection) proxy : connection);
        }
        if (type == Connection.class && connection != null) {
            return connection;   // Statement.getConnection(): the reporting connection, not the raw one
        }
        return result;
    }

    private Object proxy(Class<?> type, Object result, Connection owner) {
        return Proxy.newProxyInstance(ConnectionLossReporter.class.getClassLoader(), new Class<?>[]{type},
                new ConnectionLossReporter(result, node, owner));
    }
}
