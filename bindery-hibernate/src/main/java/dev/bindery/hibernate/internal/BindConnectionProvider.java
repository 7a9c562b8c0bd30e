package dev.bindery.hibernate.internal;

import dev.bindery.Binds;
import org.hibernate.engine.jdbc.connections.spi.MultiTenantConnectionProvider;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Gives one group's SessionFactory its connections: the tenant identifier of a Hibernate session is a bind key of the
 * group, and the connection comes from that bind's pool. Hibernate's own work without a session (dialect detection,
 * schema tooling) gets a connection of the group's primary.
 */
public final class BindConnectionProvider implements MultiTenantConnectionProvider<String> {
    private static final long serialVersionUID = 1L;

    private final transient Binds binds;
    private final String group;
    private final transient DataSource primary;

    public BindConnectionProvider(Binds binds, String group) {
        this.binds = binds;
        this.group = group;
        this.primary = binds.dataSource(group);
    }

    @Override
    public Connection getAnyConnection() throws SQLException {
        return primary.getConnection();
    }

    @Override
    public void releaseAnyConnection(Connection connection) throws SQLException {
        connection.close();
    }

    @Override
    public Connection getConnection(String bindKey) throws SQLException {
        return binds.dataSource(bindKey).getConnection();
    }

    @Override
    public void releaseConnection(String bindKey, Connection connection) throws SQLException {
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
        throw new IllegalArgumentException("BindConnectionProvider of group '" + group + "' cannot be unwrapped as " + type.getName());
    }

    @Override
    public String toString() {
        return "BindConnectionProvider[" + group + "]";
    }
}
