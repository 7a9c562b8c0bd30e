package dev.bindery.hibernate.internal;

import dev.bindery.Binds;
import dev.bindery.hibernate.RoutedConnections;
import dev.bindery.spi.Route;
import org.hibernate.engine.jdbc.connections.spi.ConnectionProvider;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * The connections of one group's SessionFactory: from the pool of the bind the unit of work was routed to (handed over
 * by {@link RouteSlot}), else from the group's primary (Hibernate's own work without a session: dialect detection,
 * schema tooling, and sessions not opened through Bindery). With {@link RoutedConnections}, a unit of work's
 * connection is theirs (it routes itself) and every other one is their group's primary connection.
 */
public final class RoutedConnectionProvider implements ConnectionProvider {
    private static final long serialVersionUID = 1L;

    private final transient Binds binds;
    private final String group;
    private final transient UnaryOperator<DataSource> wrapper;
    private final transient RoutedConnections routed;
    /** The group key's pool, looked up at the first connection: a group's key always names the same bind node. */
    private transient DataSource primary;

    public RoutedConnectionProvider(Binds binds, String group, UnaryOperator<DataSource> wrapper) {
        this(binds, group, wrapper, null);
    }

    /** @param routed connections that route themselves ({@code null}: the bind of each unit of work's route) */
    public RoutedConnectionProvider(Binds binds, String group, UnaryOperator<DataSource> wrapper, RoutedConnections routed) {
        this.binds = binds;
        this.group = group;
        this.wrapper = wrapper;
        this.routed = routed;
        binds.config(group);   // UnknownBindException for a typo, at build
    }

    /** The connections that route themselves, or {@code null}. */
    RoutedConnections routed() {
        return routed;
    }

    /** The group whose connections this provider gives. */
    String group() {
        return group;
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (routed != null) {
            return RouteSlot.takeUnitOfWork() ? routed.getConnection() : routed.primaryConnection();
        }
        return connection(RouteSlot.take());
    }

    /** A connection of {@code route}'s bind, or of the group's primary when {@code route} is {@code null}. */
    Connection connection(Route route) throws SQLException {
        String key = route == null ? group : route.bind();
        DataSource ds = key.equals(group) ? primary() : binds.dataSource(key);
        return (wrapper == null ? ds : wrapper.apply(ds)).getConnection();
    }

    /** With {@link RoutedConnections}: a unit of work's connection, which routes itself at its first statement. */
    Connection unitOfWorkConnection() throws SQLException {
        return routed.getConnection();
    }

    private DataSource primary() {
        DataSource p = primary;
        if (p == null) {
            p = binds.dataSource(group);
            primary = p;
        }
        return p;
    }

    @Override
    public void closeConnection(Connection connection) throws SQLException {
        connection.close();
    }

    @Override
    public boolean supportsAggressiveRelease() {
        return false;
    }

    @Override
    public boolean isUnwrappableAs(Class<?> type) {
        return type.isInstance(this);
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new IllegalArgumentException("The connection provider of group '" + group + "' cannot be unwrapped as " + type.getName());
    }

    @Override
    public String toString() {
        return "RoutedConnectionProvider[" + group + "]";
    }
}
