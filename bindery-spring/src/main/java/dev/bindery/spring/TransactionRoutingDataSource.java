package dev.bindery.spring;

import dev.bindery.Binds;
import dev.bindery.spi.ConfiguredDataSource;
import dev.bindery.spi.Route;
import dev.bindery.spi.Router;
import dev.bindery.spring.internal.DeferredConnection;
import dev.bindery.spring.internal.RoutePolicy;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * A {@link DataSource} for Spring whose connections are routed by Bindery's {@link Router} at their first statement,
 * never earlier (not when a transaction manager begins, not at {@code getMetaData()}), and keep that route for the
 * whole Spring transaction: {@code @Transactional(readOnly = true)} goes to a replica, a read-write transaction to the
 * primary, a nested {@code REQUIRED} joins its outer transaction's connection, a {@code REQUIRES_NEW} is routed on its
 * own. After a read-write transaction commits, later read-only transactions of the same thread (or web request) read
 * their writes: from a replica that has replayed them, else from the primary. A write sent through a connection routed
 * to a replica is refused with {@code ReplicaWriteException} before the statement reaches the database.
 *
 * <pre>{@code
 * DataSource routed = TransactionRoutingDataSource.of(binds);   // JdbcTemplate, jOOQ, JPA use it unchanged
 * }</pre>
 */
public final class TransactionRoutingDataSource extends ConfiguredDataSource {
    /** How long reads stay on the primary after a write where the database reports no replication position. */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(5);

    private final Binds binds;
    private final String group;
    private final boolean entities;
    private final RoutePolicy policy;

    private TransactionRoutingDataSource(Binds binds, String group, boolean entities, Duration window) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("The read-your-writes window must be positive, was " + window);
        }
        this.binds = binds;
        this.group = group;
        this.entities = entities;
        this.policy = new RoutePolicy(binds, group, entities, window.toMillis());
    }

    /** Routes plain JDBC work over {@code binds}: in the context's group, else the default group. */
    public static TransactionRoutingDataSource of(Binds binds) {
        return new TransactionRoutingDataSource(binds, null, false, DEFAULT_WINDOW);
    }

    /**
     * Routes over {@code binds} in {@code group} ({@code null}: the context's group, else the default), for a JPA
     * provider when {@code entities} (work outside a transaction then counts as a read: a provider writes only in
     * transactions), with read-your-writes windows of {@code window}.
     *
     * @throws IllegalArgumentException if {@code window} is not positive
     * @throws dev.bindery.UnknownBindException if {@code group} names no bind
     */
    public static TransactionRoutingDataSource of(Binds binds, String group, boolean entities, Duration window) {
        if (group != null) {
            binds.config(group);
        }
        return new TransactionRoutingDataSource(binds, group, entities, window);
    }

    /** This data source's routing for a JPA provider (work outside transactions counts as reads). */
    public TransactionRoutingDataSource forEntities() {
        return entities ? this : new TransactionRoutingDataSource(binds, group, true, Duration.ofMillis(windowMillis()));
    }

    /**
     * A connection that is routed when its first statement needs the database, and held for the Spring transaction.
     *
     * @throws SQLException never here; routing and pool failures surface at the first statement
     */
    @Override
    public Connection getConnection() throws SQLException {
        return DeferredConnection.open(policy);
    }

    /**
     * A connection of the group's primary that no unit of work routes, for work that is none: a JPA provider's schema
     * tooling ({@code ddl-auto}), metadata and sequence access at boot, which would otherwise be routed as reads.
     *
     * @throws SQLException when the primary's pool gives no connection
     */
    public Connection primaryConnection() throws SQLException {
        return policy.metadataConnection();
    }

    /** The binds routed over. */
    public Binds binds() {
        return binds;
    }

    /** The group routed in, or {@code null} for the context's group, else the default. */
    public String group() {
        return group;
    }

    /** The route a connection of this data source took, or {@code null} while it ran no statement. */
    public static Route routeOf(Connection connection) {
        return DeferredConnection.routeOf(connection);
    }

    /**
     * The route of {@code connection}, one of this data source's, routing it now if it ran no statement yet (a JPA
     * provider that follows the connection's route asks this right before its first statement).
     *
     * @throws SQLException when the routed bind's pool gives no connection
     * @throws IllegalArgumentException if {@code connection} is not a connection of a {@code TransactionRoutingDataSource}
     */
    public static Route routeNow(Connection connection) throws SQLException {
        return DeferredConnection.routeNow(connection);
    }

    /** Whether {@code connection} (routed, one of this data source's) was routed with a causal token (read-your-writes). */
    public static boolean routedAfterToken(Connection connection) {
        return DeferredConnection.routedAfterToken(connection);
    }

    private long windowMillis() {
        return policy.windowMillis();
    }

    /** Unwraps to this data source, its {@link Binds} or its {@link Router}. */
    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        if (iface.isInstance(binds)) {
            return iface.cast(binds);
        }
        if (iface.isInstance(binds.router())) {
            return iface.cast(binds.router());
        }
        throw new SQLException("TransactionRoutingDataSource is not a wrapper for " + iface.getName()
                + "; unwrap a bind's DataSource (binds.dataSource(key)) to reach its pool.");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this) || iface.isInstance(binds) || iface.isInstance(binds.router());
    }

    @Override
    public String toString() {
        return "TransactionRoutingDataSource[" + (group == null ? "context group" : group) + (entities ? ", entities" : "") + "]";
    }
}
