package dev.bindery;

import dev.bindery.internal.RoutingRule;
import dev.bindery.spi.Router;
import dev.bindery.spi.RetriedRead;
import dev.bindery.spi.RouteRequest;
import dev.bindery.spi.RouteReason;
import dev.bindery.spi.Route;
import dev.bindery.spi.ConfiguredDataSource;
import dev.bindery.internal.BindNode;
import dev.bindery.internal.DerivedBinds;
import dev.bindery.internal.ReadOnlyRouteConnection;

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
    private final RoutingRule router;
    private final Connections connections = new Connections();

    RoutingDataSource(Binds binds, RoutingRule router) {
        this.binds = binds;
        this.router = router;
    }

    /**
     * Takes a connection from the bind the router chooses for the current context ({@link RouteRequest#CONNECTION}).
     * When a replica the balancer chose cannot give one (lost, or its pool saturated), the router asks once more
     * elsewhere; a replica's connection that is lost later, during use, ejects that replica at once. On a replica or
     * a read-only bind, every statement is put to the router before it is sent: one that writes is refused with
     * {@code ReplicaWriteException}, whatever the database would do.
     *
     * @throws UnknownBindException  if the context names a bind that does not exist
     * @throws ReplicaWriteException if a derived bind asks a replica for a writable connection
     * @throws SQLException          if the pool cannot give a connection
     */
    @Override
    public Connection getConnection() throws SQLException {
        return router.read(connections);
    }

    /** One connection attempt: routed by the router, with a derived bind's execution options applied. */
    private final class Connections implements RetriedRead<Connection, SQLException> {
        @Override
        public Route route() {
            return router.decide(RouteRequest.CONNECTION, BindContext.current());
        }

        @Override
        public Connection run(Route route) throws SQLException {
            BindNode node = router.topology().nodeOf(route.bind());
            Connection c = node.getConnection();
            if (route.reason() == RouteReason.CONTEXT_BIND) {
                ExecutionOptions options = BindContext.current().options();
                if (!options.isEmpty()) {
                    c = DerivedBinds.apply(c, options);
                }
            }
            return node.isReadOnly() ? ReadOnlyRouteConnection.wrap(c, route, router) : c;
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
