package dev.bindery.internal;

import dev.bindery.spi.Route;
import dev.bindery.spi.Router;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;

/**
 * A plain statement of a {@link ReadOnlyRouteConnection}: the SQL given to {@code execute*} and {@code addBatch} is put
 * to {@link Router#checkStatement} before it is sent; {@code getConnection()} is the routed connection. A proxy, as
 * plain statements on a replica are rare next to prepared ones.
 */
final class ReadOnlyRouteStatements implements InvocationHandler {
    private static final Class<?>[] STATEMENT = {Statement.class};

    private final Statement target;
    private final Connection connection;
    private final Route route;
    private final Router router;

    private ReadOnlyRouteStatements(Statement target, Connection connection, Route route, Router router) {
        this.target = target;
        this.connection = connection;
        this.route = route;
        this.router = router;
    }

    static Statement wrap(Connection connection, Statement statement, Route route, Router router) {
        return (Statement) Proxy.newProxyInstance(ReadOnlyRouteStatements.class.getClassLoader(), STATEMENT,
                new ReadOnlyRouteStatements(statement, connection, route, router));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        if (args != null && args[0] instanceof String sql && (name.startsWith("execute") || name.equals("addBatch"))) {
            router.checkStatement(route, sql, false, null);
        }
        if (name.equals("getConnection")) {
            return connection;
        }
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
