package dev.bindery.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The fixture every variant shares: one H2 in-memory database holding a small table, and two HikariCP pools of
 * {@value #POOL_SIZE} connections over it, named "primary" and "replica", so that both sides see identical data and
 * only the routing layer differs between variants.
 */
@State(Scope.Benchmark)
public class SharedDatabase {

    /** JDBC URL of the one database behind both pools (and behind Bindery's binds). */
    public static final String URL = "jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1";
    /** Connections per pool, for every variant. */
    public static final int POOL_SIZE = 4;
    /** Rows in the table; primary keys run from 1 to ROWS. */
    public static final int ROWS = 100;
    /** The unit of work: a primary-key lookup. */
    public static final String SELECT_BY_ID = "SELECT name FROM item WHERE id = ?";

    HikariDataSource primary;
    HikariDataSource replica;

    @Setup(Level.Trial)
    public void createSchemaAndPools() throws SQLException {
        primary = pool("primary");
        replica = pool("replica");
        try (Connection c = primary.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS item (id INT PRIMARY KEY, name VARCHAR(64) NOT NULL)");
            s.execute("DELETE FROM item");
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO item (id, name) VALUES (?, ?)")) {
                for (int id = 1; id <= ROWS; id++) {
                    insert.setInt(1, id);
                    insert.setString(2, "item-" + id);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
    }

    @TearDown(Level.Trial)
    public void closePools() {
        replica.close();
        primary.close();
    }

    static HikariDataSource pool(String name) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(URL);
        config.setUsername("sa");
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(POOL_SIZE);
        return new HikariDataSource(config);
    }
}
