package dev.bindery.hibernate;

import dev.bindery.Binds;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/** H2 in-memory databases for tests: each call gets fresh, uniquely named databases. */
final class H2 {
    private static final AtomicInteger SEQ = new AtomicInteger();

    private H2() {
    }

    static String url(String name) {
        return "jdbc:h2:mem:" + name + "-" + SEQ.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
    }

    /** {@code default} and {@code replica} on one shared in-memory database. */
    static Binds sharedDatabase(String name) {
        String url = url(name);
        return Binds.builder().bind(Binds.DEFAULT, url).bind("replica", b -> b.url(url).replicaOf(Binds.DEFAULT)).build();
    }

    /**
     * A primary and a "replica" that is a separate database, so tests control what the replica holds (a stale copy).
     * The replica's URL is {@code binds.config("replica").url()}.
     */
    static Binds separateReplica(String name) {
        String primary = url(name + "-primary");
        String replica = url(name + "-replica");
        return Binds.builder().bind(Binds.DEFAULT, primary).bind("replica", b -> b.url(replica).replicaOf(Binds.DEFAULT)).build();
    }

    static void exec(String url, String... sql) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static Object one(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getObject(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
