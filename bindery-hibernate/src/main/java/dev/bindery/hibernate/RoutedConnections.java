package dev.bindery.hibernate;

import dev.bindery.spi.Route;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Connections that a framework routes itself, for a routed factory that follows their routes instead of asking its
 * own ({@code new BinderyPersistenceProvider(binds, group, connections)}): bindery-spring's
 * {@code TransactionRoutingDataSource} routes each Spring transaction once, at its first statement, and holds that
 * route for everything that uses the transaction's connection (the {@code EntityManager} and {@code JdbcTemplate}
 * alike). Such a factory takes every connection here; at its first statement of a unit of work it asks
 * {@link #route(Connection)} and sets the unit's cache modes from the answer. The connections put every statement to
 * core's router themselves ({@code Router.checkStatement}). The routes are still the router's: this only says who
 * asks it. Hibernate's work without a unit of work (schema tooling such as {@code hbm2ddl}, metadata and sequence
 * access at boot) takes {@link #primaryConnection()} instead.
 */
public interface RoutedConnections {
    /**
     * A connection of the group, not routed yet: it is routed by {@link #route(Connection)} or its first statement.
     *
     * @throws SQLException when no connection can be opened
     */
    Connection getConnection() throws SQLException;

    /**
     * A connection of the group's primary for work that is no unit of work (Hibernate's schema tooling, metadata and
     * sequence access at boot): it routes nothing, so DDL never reaches a replica.
     *
     * @throws SQLException when the primary's pool gives no connection
     */
    Connection primaryConnection() throws SQLException;

    /**
     * The route of {@code connection} (one of {@link #getConnection()}'s), routing it now if no statement has yet.
     *
     * @throws SQLException when the routed bind's pool gives no connection
     */
    Route route(Connection connection) throws SQLException;

    /**
     * Whether the unit of work of {@code connection} (routed) reads after a causal token: its reads then bypass the
     * second-level cache, which may not have seen the write the token names.
     */
    boolean carriesToken(Connection connection);
}
