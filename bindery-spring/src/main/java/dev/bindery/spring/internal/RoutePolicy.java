package dev.bindery.spring.internal;

import dev.bindery.BindContext;
import dev.bindery.Binds;
import dev.bindery.ExecutionOptions;
import dev.bindery.spi.Access;
import dev.bindery.spi.Route;
import dev.bindery.spi.RouteReason;
import dev.bindery.spi.RouteRequest;
import dev.bindery.spi.Router;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The questions a Spring-managed connection puts to the {@link Router} when its first statement needs the database:
 * what the unit of work is (the Spring transaction's read-only flag, a read-write transaction, work outside any
 * transaction), what read-your-writes requires of it, and then a connection of the bind the router chose. It decides
 * nothing itself. One policy per routing data source (a group, or the context's group).
 */
public final class RoutePolicy {
    private final Binds binds;
    private final Router router;
    private final long windowMillis;
    private final Object routeKey = new Object();
    private final RouteRequest read;
    private final RouteRequest readWrite;
    private final RouteRequest outside;

    /**
     * A policy for {@code group} ({@code null}: the context's group, else the default), for entities (work outside a
     * transaction only reads: a JPA provider writes only in transactions) or plain JDBC (such work is unknown).
     */
    public RoutePolicy(Binds binds, String group, boolean entities, long windowMillis) {
        this.binds = binds;
        this.router = binds.router();
        this.windowMillis = windowMillis;
        RouteRequest r = RouteRequest.of(group, Access.READ);
        RouteRequest rw = RouteRequest.of(group, Access.UNSPECIFIED).withPrimaryRequired(RouteReason.READ_WRITE_TRANSACTION);
        this.read = entities && group != null ? r.onEntities() : r;
        this.readWrite = entities && group != null ? rw.onEntities() : rw;
        this.outside = entities ? read : group == null ? RouteRequest.CONNECTION : RouteRequest.of(group, Access.UNSPECIFIED);
    }

    /** The binds routed over. */
    public Binds binds() {
        return binds;
    }

    /** How long reads stay on the primary after a write where the database gives no position. */
    public long windowMillis() {
        return windowMillis;
    }

    /** What the current transaction holds on this data source, or {@code null}. */
    private TransactionRoutes.Held held() {
        return TransactionSynchronizationManager.isActualTransactionActive() ? TransactionRoutes.heldBy(routeKey) : null;
    }

    /**
     * Routes the unit of work now starting and opens its connection; the route is then held by the transaction.
     * {@code readOnlyHint} is what the caller set on the connection ({@code setReadOnly(true)}).
     */
    Opened open(boolean readOnlyHint) throws SQLException {
        TransactionRoutes.Held held = held();
        if (held != null) {
            return new Opened(held.route, connect(held.route), held, held.afterToken);
        }
        boolean transaction = TransactionSynchronizationManager.isActualTransactionActive();
        boolean readOnly = readOnlyHint
                || (transaction && TransactionSynchronizationManager.isCurrentTransactionReadOnly());
        RouteRequest request = readOnly ? remembered(read) : transaction ? readWrite : outside == read ? remembered(read) : outside;
        Route route = router.route(request);
        Connection connection;
        try {
            connection = connect(route);
        } catch (SQLException | RuntimeException e) {
            if (!router.retryElsewhere(route, e, true)) {   // the router's retry of a read, without a callback object
                throw e;
            }
            route = router.route(request);
            connection = connect(route);
        }
        boolean afterToken = request.token() != null && !request.token().isEmpty();
        return new Opened(route, connection, transaction
                ? TransactionRoutes.hold(routeKey, route, readOnly, afterToken, windowMillis) : null, afterToken);
    }

    private RouteRequest remembered(RouteRequest request) {
        WriteMemory memory = WriteMemory.currentIfAny();
        if (memory == null) {
            return request;
        }
        BindContext context = BindContext.current();
        if (context.bind() != null) {
            return request;                 // an explicit bind: the router serves it whatever was written
        }
        String group = request.group() != null ? request.group() : context.group() != null ? context.group() : Binds.DEFAULT;
        return memory.apply(request, binds, router.logicalGroup(group));
    }

    private Connection connect(Route route) throws SQLException {
        if (route.reason() == RouteReason.CONTEXT_BIND) {
            ExecutionOptions options = BindContext.current().options();
            if (!options.isEmpty()) {
                return binds.routingDataSource().getConnection();   // a derived bind: core applies its options
            }
        }
        return binds.dataSource(route.bind()).getConnection();
    }

    /**
     * Puts {@code sql}, about to be sent on {@code route}, to the router and says whether it writes. A write on a
     * replica is refused with {@code ReplicaWriteException} (counted, shown to listeners); {@code inTransaction} also
     * refuses another bind of the group asked for by the context ({@code BindSwitchException}).
     */
    boolean checkStatement(Route route, String sql, boolean inTransaction) {
        return router.checkStatement(route, sql, inTransaction, null);
    }

    /** A connection for metadata or schema work only, from the group's primary; it routes no unit of work. */
    public Connection metadataConnection() throws SQLException {
        String group = read.group() != null ? read.group() : Binds.DEFAULT;
        return binds.dataSource(group).getConnection();
    }

    /**
     * A routed connection, its route, what its transaction holds ({@code null} outside one), and whether the route was
     * asked with a causal token (read-your-writes).
     */
    record Opened(Route route, Connection connection, TransactionRoutes.Held held, boolean afterToken) {
    }
}
