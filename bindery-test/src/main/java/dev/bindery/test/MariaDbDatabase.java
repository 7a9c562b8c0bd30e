package dev.bindery.test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * A database of its own on the local MariaDB server, made for one test class by {@link LocalMariaDb}.
 *
 * @param host      the server's host, 127.0.0.1 unless {@code -Dbindery.mariadb.host} says otherwise
 * @param port      the server's port, 3306 unless {@code -Dbindery.mariadb.port} says otherwise
 * @param database  the name of the fresh database
 */
public record MariaDbDatabase(String host, int port, String database) {

    /** The JDBC URL of the database, as user {@code root} with an empty password. */
    public String jdbcUrl() {
        return "jdbc:mariadb://" + host + ":" + port + "/" + database + "?user=root";
    }

    /** Opens a new connection to the database; the caller closes it. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl());
    }
}
