package dev.bindery;

import dev.bindery.spi.RouteReason;
import dev.bindery.spi.Route;
import dev.bindery.spi.ConfiguredDataSource;
import dev.bindery.internal.BindNode;
import dev.bindery.internal.DerivedBinds;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * A {@link DataSource} whose {@link #getConnection()} goes to the bind the {@link Router} chooses for the current
 * {@link BindContext}: the context's bind (with its execution options), a replica inside
 * {@link BindContext#readOnly()}, else the default bind. It works unchanged under JDBI, jOOQ, JdbcTemplate or MyBatis.
 */
public final class RoutingDataSource extends ConfiguredDataSource {
    private final Binds binds;
    private final Router router;

    RoutingDataSource(Binds binds, Router router) {
        this.binds = binds;
        this.router = router;
    }

    /**
     * Takes a connection from the bind chosen for the current context.
     *
     * @throws UnknownBindException  if the context names a bind that does not exist
     * @throws ReplicaWriteException if a derived bind asks a replica for a writable connection
     * @throws SQLException          if the pool cannot give a connection
     */
    @Override
    public Connection getConnection() throws SQLException {
        BindContext context = BindContext.current();
        Route route = route(context);
        BindNode node = router.nodeOf(route);
        ExecutionOptions options = context.options();
        if (route.reason() != RouteReason.CONTEXT_BIND || options.isEmpty()) {
            if (route.role() == Role.REPLICA && route.reason() == RouteReason.REPLICA_READ) {
                return replicaConnection(node, context);
            }
            return node.getConnection();
        }
        if (Boolean.FALSE.equals(options.readOnly()) && node.config().isReadOnly()) {
            throw new ReplicaWriteException("A derived bind asked for a writable connection from bind '" + node.key()
                    + "', which is read-only. Replicas and read-only binds stay read-only; derive from the primary '"
                    + node.group() + "' instead.");
        }
        return DerivedBinds.apply(node.getConnection(), options);
    }

    /** Asks the router where work of the current context goes (a context with a region is resident work). */
    private Route route(BindContext context) {
        return router.decide(null, null, Access.UNSPECIFIED, null, null, null, context.region() != null, null, context);
    }

    /** A replica that cannot give a connection is ejected at once, and the read is routed once more. */
    private Connection replicaConnection(BindNode node, BindContext context) throws SQLException {
        try {
            return node.getConnection();
        } catch (SQLException e) {
            node.health().workFailed(node.scrub(e.getMessage()));
            node.retries.increment();
            Route retry = route(context);
            return router.nodeOf(retry).getConnection();
        }
    }


    /** The binds this data source routes over. */
    public Binds binds() {
        return binds;
    }






    /** Unwraps to this data source, its {@link Binds} or its {@link Router}, as the JDBC spec asks. */
    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        if (iface.isInstance(binds)) {
            return iface.cast(binds);
        }
        if (iface.isInstance(router)) {
            return iface.cast(router);
        }
        throw new SQLException("RoutingDataSource is not a wrapper for " + iface.getName()
                + "; unwrap a bind's DataSource (binds.dataSource(key)) to reach its pool.");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this) || iface.isInstance(binds) || iface.isInstance(router);
    }

    @Override
    public String toString() {
        return "RoutingDataSource" + binds.keys();
    }
}
