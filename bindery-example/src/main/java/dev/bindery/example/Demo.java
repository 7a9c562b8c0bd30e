package dev.bindery.example;

import dev.bindery.BindContext;
import dev.bindery.BindScope;
import dev.bindery.Binds;
import dev.bindery.RoutingDataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The smallest routed setup: a default bind and a replica bind sharing one in-memory H2 database (as seed 000 shares
 * one SQLite memory database). It writes through the default bind, reads through the replica, and prints each route.
 */
public final class Demo {
    private Demo() {
    }

    public static void main(String[] args) throws SQLException {
        String url = "jdbc:h2:mem:demo;DB_CLOSE_DELAY=-1";
        try (Binds binds = Binds.builder()
                .bind(Binds.DEFAULT, url)
                .bind("replica", b -> b.url(url).replicaOf(Binds.DEFAULT))
                .onRoute(route -> System.out.println("  route: " + route))
                .build()) {
            RoutingDataSource db = binds.routingDataSource();
            System.out.println("Writing through the default bind:");
            try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
                s.execute("create table todo(id int auto_increment primary key, title varchar(100))");
                s.executeUpdate("insert into todo(title) values ('write the demo'), ('route reads to the replica')");
            }
            System.out.println("Reading through the replica:");
            try (BindScope reads = BindContext.readOnly();
                 Connection c = db.getConnection();
                 PreparedStatement ps = c.prepareStatement("select id, title from todo order by id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    System.out.println("  todo " + rs.getInt(1) + ": " + rs.getString(2));
                }
            }
            System.out.println("Pools: default " + binds.poolStats(Binds.DEFAULT) + "; replica " + binds.poolStats("replica"));
        }
    }
}
