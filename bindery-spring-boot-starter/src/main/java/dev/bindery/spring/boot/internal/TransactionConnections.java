package dev.bindery.spring.boot.internal;

import dev.bindery.hibernate.RoutedConnections;
import dev.bindery.spi.Route;
import dev.bindery.spring.TransactionRoutingDataSource;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The connections of a {@link TransactionRoutingDataSource} for Bindery's routed {@code EntityManagerFactory}: each is
 * routed once per Spring transaction, at its first statement (JPA's or {@code JdbcTemplate}'s), and the factory
 * follows that route. Hibernate's work without a unit of work (schema tooling, metadata at boot) takes the group's
 * primary.
 */
record TransactionConnections(TransactionRoutingDataSource dataSource) implements RoutedConnections {
    @Override
    public Connection getConnection() throws SQLException {
        return dataSource.getConnection();
    }

    @Override
    public Connection primaryConnection() throws SQLException {
        return dataSource.primaryConnection();
    }

    @Override
    public Route route(Connection connection) throws SQLException {
        return TransactionRoutingDataSource.routeNow(connection);
    }

    @Override
    public boolean carriesToken(Connection connection) {
        return TransactionRoutingDataSource.routedAfterToken(connection);
    }
}
