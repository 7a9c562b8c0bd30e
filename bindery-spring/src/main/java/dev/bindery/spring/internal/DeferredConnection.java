package dev.bindery.spring.internal;

import dev.bindery.spi.Role;
import dev.bindery.spi.Route;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A connection whose route is decided at its first statement, never earlier: what a transaction manager does at
 * begin ({@code setAutoCommit(false)}, {@code setReadOnly(true)}, an isolation level) is recorded and applied to the
 * routed connection then; {@code getMetaData()} is answered from the group's primary without routing; a commit or
 * rollback of a connection that never ran a statement does nothing. Every statement prepared, and every SQL text sent
 * through a plain statement ({@link CheckedStatement}), is put to the router before it is sent, which refuses a write
 * on a replica.
 */
public final class DeferredConnection implements InvocationHandler {
    private static final Class<?>[] INTERFACES = {Connection.class, Deferred.class};

    private final RoutePolicy policy;
    private Connection target;
    private Route route;
    private boolean afterToken;
    private TransactionRoutes.Held held;
    private Connection metadata;
    private Boolean autoCommit;
    private boolean readOnly;
    private Integer isolation;
    private boolean closed;

    private DeferredConnection(RoutePolicy policy) {
        this.policy = policy;
    }

    /** A new connection of {@code policy}, not routed yet. */
    public static Connection open(RoutePolicy policy) {
        return (Connection) Proxy.newProxyInstance(DeferredConnection.class.getClassLoader(), INTERFACES,
                new DeferredConnection(policy));
    }

    /**
     * What the proxy of a {@code DeferredConnection} also implements, so that finding its handler is a type check
     * ({@code Proxy.isProxyClass} allocates at each call).
     */
    private interface Deferred {
        DeferredConnection deferred();
    }

    /** The route of {@code connection} (one of these), or {@code null} while it ran no statement. */
    public static Route routeOf(Connection connection) {
        return connection instanceof Deferred d ? d.deferred().route : null;
    }

    /**
     * The route of {@code connection} (one of these), routing it now if it ran no statement yet.
     *
     * @throws IllegalArgumentException if {@code connection} is not one of these
     */
    public static Route routeNow(Connection connection) throws SQLException {
        DeferredConnection d = of(connection);
        if (d.route == null) {
            if (d.closed) {
                throw new SQLException("Connection is closed", "08003");
            }
            d.route();
        }
        return d.route;
    }

    /** Whether {@code connection} (one of these, routed) was routed with a causal token (read-your-writes). */
    public static boolean routedAfterToken(Connection connection) {
        return of(connection).afterToken;
    }

    private static DeferredConnection of(Connection connection) {
        if (connection instanceof Deferred d) {
            return d.deferred();
        }
        throw new IllegalArgumentException("Not a connection of a TransactionRoutingDataSource: " + connection);
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        switch (name) {
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            case "toString":
                return "DeferredConnection[" + (route == null ? "not routed" : route) + "]";
            case "close":
                close();
                return null;
            case "deferred":
                return this;
            case "isClosed":
                return closed;
            default:
                break;
        }
        if (closed) {
            throw new SQLException("Connection is closed", "08003");
        }
        if (target == null) {
            switch (name) {
                case "getAutoCommit":
                    return autoCommit == null ? Boolean.TRUE : autoCommit;
                case "setAutoCommit":
                    autoCommit = (Boolean) args[0];
                    return null;
                case "isReadOnly":
                    return readOnly;
                case "setReadOnly":
                    readOnly = (Boolean) args[0];
                    return null;
                case "getTransactionIsolation":
                    return isolation == null ? Connection.TRANSACTION_READ_COMMITTED : isolation;
                case "setTransactionIsolation":
                    isolation = (Integer) args[0];
                    return null;
                case "commit", "rollback", "clearWarnings":
                    if (args == null) {
                        return null;        // no statement ran: nothing to end
                    }
                    break;
                case "getWarnings":
                    return null;
                case "getMetaData":
                    if (metadata == null) {
                        metadata = policy.metadataConnection();
                    }
                    return metadata.getMetaData();
                case "unwrap":
                    if (((Class<?>) args[0]).isInstance(proxy)) {
                        return proxy;
                    }
                    break;
                case "isWrapperFor":
                    if (((Class<?>) args[0]).isInstance(proxy)) {
                        return true;
                    }
                    break;
                default:
                    break;
            }
            route();
        } else if (name.equals("setReadOnly") && route.role() == Role.REPLICA) {
            readOnly = (Boolean) args[0];
            return null;                    // a replica's connection stays read-only
        }
        if (name.startsWith("prepare")) {
            checked((String) args[0], name.equals("prepareCall"));
        }
        Object result;
        try {
            result = method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        return name.equals("createStatement") ? new CheckedStatement((Statement) result, (Connection) proxy, this) : result;
    }

    /** Puts SQL about to be sent through a plain statement of this connection to the router (see below). */
    void checked(String sql) {
        checked(sql, false);
    }

    /**
     * Puts a statement about to be prepared or sent to the router ({@code Router.checkStatement}): on a replica a write
     * is refused with {@code ReplicaWriteException} before it is sent; inside a transaction, another bind asked for by
     * the context is refused with {@code BindSwitchException}; on a primary a write (or a call, which may write) is
     * noted for read-your-writes.
     */
    private void checked(String sql, boolean call) {
        boolean writes = policy.checkStatement(route, sql, held != null);
        if (held != null && !held.wrote && (writes || call)) {
            held.sentWrite();
        }
    }

    private void route() throws SQLException {
        RoutePolicy.Opened opened = policy.open(readOnly);
        Connection c = opened.connection();
        try {
            if (autoCommit != null && c.getAutoCommit() != autoCommit) {
                c.setAutoCommit(autoCommit);
            }
            if (readOnly && opened.route().role() == Role.PRIMARY) {
                c.setReadOnly(true);
            }
            if (isolation != null) {
                c.setTransactionIsolation(isolation);
            }
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        target = c;
        route = opened.route();
        afterToken = opened.afterToken();
        held = opened.held();
    }

    private void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (target != null) {
                target.close();
            }
        } finally {
            if (metadata != null) {
                metadata.close();
            }
        }
    }
}
