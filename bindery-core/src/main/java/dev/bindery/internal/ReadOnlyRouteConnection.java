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
 * A connection that {@code RoutingDataSource} routed to a bind that cannot take writes (a replica or a read-only
 * bind): every SQL text given to it, prepared ({@code prepareStatement}, {@code prepareCall}) or sent through a plain
 * statement ({@code execute*}, {@code addBatch}), is put to {@link Router#checkStatement} before it reaches the driver,
 * so a write is refused with {@code ReplicaWriteException} even where the database would take it (H2). Connections
 * routed to a writable primary are handed out as they are; this costs nothing there.
 */
public final class ReadOnlyRouteConnection implements InvocationHandler {
    private static final Class<?>[] CONNECTION = {Connection.class};
    private static final Class<?>[] STATEMENT = {Statement.class};

    private final Object target;
    private final Route route;
    private final Router router;
    /** For a statement: the connection proxy that created it; {@code null} for the connection itself. */
    private final Connection owner;

    private ReadOnlyRouteConnection(Object target, Route route, Router router, Connection owner) {
        this.target = target;
        this.route = route;
        this.router = router;
        this.owner = owner;
    }

    /** {@code connection}, whose SQL is checked against {@code route} from now on. */
    public static Connection wrap(Connection connection, Route route, Router router) {
        return (Connection) Proxy.newProxyInstance(ReadOnlyRouteConnection.class.getClassLoader(), CONNECTION,
                new ReadOnlyRouteConnection(connection, route, router, null));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        if (args != null && args[0] instanceof String sql
                && (name.startsWith("prepare") || name.startsWith("execute") || name.equals("addBatch"))) {
            router.checkStatement(route, sql, false, null);
        }
        if (owner != null && name.equals("getConnection")) {
            return owner;
        }
        Object result;
        try {
            result = method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        if (owner == null && name.equals("createStatement")) {
            return Proxy.newProxyInstance(ReadOnlyRouteConnection.class.getClassLoader(), STATEMENT,
                    new ReadOnlyRouteConnection(result, route, router, (Connection) proxy));
        }
        return result;
    }
}
