package dev.bindery.hibernate.internal;

import dev.bindery.BindContext;
import dev.bindery.CausalToken;
import dev.bindery.hibernate.RoutedConnections;
import dev.bindery.hibernate.SessionProperties;
import dev.bindery.spi.Access;
import dev.bindery.spi.Route;
import dev.bindery.spi.RouteReason;
import dev.bindery.spi.RouteRequest;
import org.hibernate.SessionEventListener;
import org.hibernate.engine.jdbc.connections.spi.JdbcConnectionAccess;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

import org.hibernate.resource.jdbc.spi.StatementInspector;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.UnaryOperator;

/**
 * The route of one standard Hibernate session's units of work. Hibernate asks for a connection when the work first
 * needs one; right before, {@link #acquiring()} asks core's router (read-only work: READ, anything else: WRITE, with
 * the session's properties and {@link dev.bindery.BindContext}) and hands the route to {@link RoutedConnectionProvider}.
 * The route is held while Hibernate holds the connection: until the transaction ends, or after one statement outside a
 * transaction. Each statement is shown to the router first ({@link #apply(String)}, the session's statement inspector),
 * which refuses a write on a replica and a request for another bind inside a transaction, before any SQL.
 *
 * <p>In a factory over {@link dev.bindery.hibernate.RoutedConnections} (a framework routes its own transactions) it asks
 * the router nothing: at the unit's first statement it takes the route the connection took, for the cache modes, and
 * the connection puts each statement to the router itself.
 *
 * <p>It is also the way its session takes and gives back connections ({@link SessionConnectionAccess}): the session
 * asks it for a connection, and it routes and takes one from the route's bind. Where Hibernate's own access cannot be
 * replaced, it is the session's event listener instead (added to the session's own listeners when it opens), told
 * when the session takes and gives back its connection, and hands the route to {@link RoutedConnectionProvider} on
 * the thread. With a second-level cache it is a listener either way, for the end of each transaction. A session
 * opened around Bindery has no unit of work; its work goes to the group's primary.
 */
@SuppressWarnings("deprecation")   // StatementInspector: the builder overload that takes it wraps nothing
public final class UnitOfWork implements StatementInspector, SessionEventListener, JdbcConnectionAccess {
    private static final long serialVersionUID = 1L;

    /** How a session was opened; the common ones are one shared object per factory, so a session allocates none. */
    record Opening(RoutedSessionFactory factory, Route pinned, boolean readOnly, UnaryOperator<String> inspector) {
    }

    private final transient Opening opening;
    private transient SharedSessionContractImplementor session;
    private transient Route held;
    /** This thread's {@link RouteSlot} while a connection is being acquired, else {@code null}. */
    private transient Object[] offered;
    private boolean wrote;
    private boolean heldAfterToken;
    /** Whether the session takes its connections from this unit of work ({@link #obtainConnection}). */
    private transient boolean access;

    UnitOfWork(Opening opening) {
        this.opening = opening;
    }

    void attach(SharedSessionContractImplementor s) {
        this.session = s;
        RoutedSessionFactory factory = opening.factory();
        access = factory.provider() != null && SessionConnectionAccess.install(s, this);
        if (!access || factory.caches()) {
            SessionListeners.add(s, this);
        }
        factory.opened(s, this);
    }

    /** The session needs a connection: the one of its route's bind (routed now, unless a statement just did). */
    @Override
    public Connection obtainConnection() throws SQLException {
        var monitor = session.getEventMonitor();
        var event = monitor.beginJdbcConnectionAcquisitionEvent();
        var listeners = session.getEventListenerManager();
        try {
            listeners.jdbcConnectionAcquisitionStart();
            RoutedConnectionProvider provider = opening.factory().provider();
            if (opening.factory().connections() != null) {
                return provider.unitOfWorkConnection();   // routes itself, at its first statement (inspect)
            }
            Route r = held;
            return provider.connection(r != null ? r : route());
        } finally {
            monitor.completeJdbcConnectionAcquisitionEvent(event, session, null);
            listeners.jdbcConnectionAcquisitionEnd();
        }
    }

    /** The session gives its connection back: the unit of work ends. */
    @Override
    public void releaseConnection(Connection connection) throws SQLException {
        var monitor = session.getEventMonitor();
        var event = monitor.beginJdbcConnectionReleaseEvent();
        var listeners = session.getEventListenerManager();
        try {
            listeners.jdbcConnectionReleaseStart();
            opening.factory().provider().closeConnection(connection);
        } finally {
            monitor.completeJdbcConnectionReleaseEvent(event, session, null);
            listeners.jdbcConnectionReleaseEnd();
            ended();
        }
    }

    @Override
    public boolean supportsAggressiveRelease() {
        return false;
    }

    /** Hibernate is about to take a connection: decide the route (unless a statement just did) and hand it over. */
    @Override
    public void jdbcConnectionAcquisitionStart() {
        if (access) {
            return;   // obtainConnection routes
        }
        if (opening.factory().connections() != null) {
            offered = RouteSlot.offerUnitOfWork();   // the connection routes itself, at its first statement (inspect)
            return;
        }
        Route r = held;
        if (r == null) {
            r = route();
        }
        offered = RouteSlot.offer(r);
    }

    @Override
    public void jdbcConnectionAcquisitionEnd() {
        Object[] slot = offered;
        if (slot != null) {
            offered = null;
            RouteSlot.clear(slot);   // the provider took it; clear it if it did not
        }
    }

    @Override
    public void jdbcConnectionReleaseEnd() {
        if (!access) {
            ended();
        }
    }

    private void ended() {
        held = null;
        heldAfterToken = false;
        if (opening.factory().caches()) {
            CacheModeAtRoute.released(session, this);
        }
    }

    /** After a transaction's cache updates (which come after its connection's release). */
    @Override
    public void transactionCompletion(boolean successful) {
        if (opening.factory().caches()) {
            CacheModeAtRoute.released(session, this);
        }
    }

    @Override
    public String inspect(String sql) {
        RoutedSessionFactory factory = opening.factory();
        Route pinned = opening.pinned();
        Route r = held;
        if (r == null) {
            r = route();   // the statement comes before its connection: refuse a write on a replica before any SQL
        } else if (factory.caches()) {
            CacheModeAtRoute.routed(session, r, this);   // a find in the unit restored the cache mode it found
        }
        if (factory.connections() != null) {
            UnaryOperator<String> inspector = opening.inspector();   // the connection puts the statement to the router
            return inspector == null ? sql : inspector.apply(sql);
        }
        // a pinned session's bind was chosen by its RoutingSession, which guards switches itself; the bind asked for
        // matters only inside a transaction (a switch is refused there)
        boolean inTransaction = session.isTransactionInProgress();
        String asked = pinned != null ? pinned.bind() : inTransaction ? property(SessionProperties.BIND) : null;
        if (factory.router().checkStatement(r, sql, inTransaction, asked)) {
            wrote = true;
        }
        UnaryOperator<String> inspector = opening.inspector();
        return inspector == null ? sql : inspector.apply(sql);
    }

    private Route route() {
        RoutedConnections connections = opening.factory().connections();
        Route r = opening.pinned() != null ? opening.pinned() : connections != null ? adopt(connections) : decide();
        held = r;
        opening.factory().routed(session, r, this);
        return r;
    }

    /** The route the session's connection takes (routed now if it ran no statement yet): a framework's routing. */
    private Route adopt(RoutedConnections connections) {
        Connection c = session.getJdbcCoordinator().getLogicalConnection().getPhysicalConnection();
        try {
            Route r = connections.route(c);
            heldAfterToken = connections.carriesToken(c);
            return r;
        } catch (SQLException e) {
            throw session.getJdbcServices().getSqlExceptionHelper().convert(e, "Routing the unit of work of group '"
                    + opening.factory().group() + "'");
        }
    }

    private Route decide() {
        RoutedSessionFactory factory = opening.factory();
        String bind = property(SessionProperties.BIND);
        BindContext context = BindContext.current();   // read once: the router routes in this same context
        String asked = bind != null ? bind : context.bind();
        // work pointed at a replica reads there; a statement that writes is refused by checkStatement, before any SQL
        boolean ro = isReadOnly() || (asked != null && factory.binds().config(asked).isReadOnly());
        Access access = ro ? Access.READ : Access.WRITE;
        RouteRequest request = bind != null
                ? factory.requests().explicit(bind, access)
                : factory.requests().of(factory.group(), access, ro && wrote ? RouteReason.READ_YOUR_WRITES : null, true);
        String region = property(SessionProperties.REGION);
        if (region != null) {
            request = request.withRegion(region);
        }
        Object after = SessionPropertyReader.get(session, SessionProperties.AFTER);
        if (after != null) {
            request = request.withToken(after instanceof CausalToken t ? t : factory.binds().tokens().verify(after.toString()));
        }
        if (factory.resident() != null) {
            request = request.withResident(factory.resident());
        }
        return factory.router().route(request, context);
    }

    /** Whether the session's work is read-only now: the builder's readOnly, setDefaultReadOnly, or the read-only hint. */
    public boolean isReadOnly() {
        if (opening.readOnly() || session.isDefaultReadOnly()) {
            return true;
        }
        Object hint = SessionPropertyReader.get(session, SessionProperties.READ_ONLY);
        return hint != null && (Boolean.TRUE.equals(hint) || "true".equalsIgnoreCase(hint.toString()));
    }

    private String property(String name) {
        Object v = SessionPropertyReader.get(session, name);
        return v == null ? null : v.toString();
    }

    /** The Hibernate session of this unit of work. */
    public SharedSessionContractImplementor session() {
        return session;
    }

    /** Whether the session runs on one route chosen by a {@code RoutingSession}, not by its own unit of work. */
    public boolean isPinned() {
        return opening.pinned() != null;
    }

    /** The route the session holds now (its connection's), or {@code null} between units of work. */
    public Route heldRoute() {
        return held;
    }

    /**
     * What a failure of work on {@code route} (this session's) means, as core's router decides it
     * ({@code Router.writeFailed}): a retryable {@link dev.bindery.PrimaryChangedException} whose cause is
     * {@code failure} when the group's primary changed under the write, else {@code failure} itself.
     * {@code committing}: the failure came from the commit, whose outcome is then unknown.
     */
    RuntimeException writeFailed(Route route, RuntimeException failure, boolean committing) {
        // the router reads a demotion (SQLState 25006) from the driver's exception, a lost connection from any chain
        Exception asked = failure;
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && "25006".equals(sql.getSQLState())) {
                asked = sql;
                break;
            }
        }
        RuntimeException changed = opening.factory().router().writeFailed(route, asked, committing);
        return changed != null ? changed : failure;
    }

    /** Whether the unit of work held now follows a route asked with a causal token (by the framework that routed it). */
    boolean heldAfterToken() {
        return heldAfterToken;
    }

    /** Whether the session sent a statement that writes (its later reads go to the primary: read-your-writes). */
    public boolean hasWritten() {
        return wrote;
    }
}
