package dev.bindery.servlet;

import dev.bindery.Binds;
import dev.bindery.status.PoolStats;
import dev.bindery.hibernate.Database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real H2 database in memory with a {@code default} bind and a {@code replica} bind sharing it, mapped with
 * {@link Note}. Assertions read the tables through a plain JDBC connection, outside Bindery.
 */
public final class TestDatabase implements AutoCloseable {
    public final String url;
    public final Binds binds;
    public final Database db;
    public final AtomicLong routesDecided = new AtomicLong();

    private TestDatabase(String name, int poolSize) {
        this.url = "jdbc:h2:mem:" + name + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        this.binds = Binds.builder()
                .bind(Binds.DEFAULT, b -> b.url(url).poolSize(poolSize))
                .bind("replica", b -> b.url(url).replicaOf(Binds.DEFAULT).poolSize(poolSize))
                .onRoute(r -> routesDecided.incrementAndGet())
                .build();
        this.db = Database.builder(binds).entities(Note.class).build();
        db.createAll();
    }

    public static TestDatabase create(String name) {
        return new TestDatabase(name, 4);
    }

    public static TestDatabase create(String name, int poolSize) {
        return new TestDatabase(name, poolSize);
    }

    /** The texts of every note, in id order, read outside Bindery. */
    public List<String> texts() {
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement ps = c.prepareStatement("select text from note order by id");
             ResultSet rs = ps.executeQuery()) {
            List<String> texts = new ArrayList<>();
            while (rs.next()) {
                texts.add(rs.getString(1));
            }
            return texts;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Inserts notes outside Bindery. */
    public void insert(String... texts) {
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement ps = c.prepareStatement("insert into note(text) values (?)")) {
            for (String t : texts) {
                ps.setString(1, t);
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The sum of active connections over every bind. */
    public int activeConnections() {
        int active = 0;
        for (String key : binds.keys()) {
            PoolStats s = binds.poolStats(key);
            active += s.active();
        }
        return active;
    }

    @Override
    public void close() {
        db.close();
        binds.close();
    }
}
