package dev.bindery.bench;

import dev.bindery.status.BindStatus;
import dev.bindery.BindConfig;
import dev.bindery.Binds;
import dev.bindery.test.ReplicatedDatabase;
import dev.bindery.test.Node;
import dev.bindery.test.PostgresCluster;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A private PostgreSQL primary with 2 streaming replicas from bindery-test, holding the same {@code item} table as
 * {@link SharedDatabase} in a database {@code bench}, replicated and caught up before any benchmark starts.
 */
final class PgFixture implements AutoCloseable {

    final PostgresCluster cluster;
    final ReplicatedDatabase db;

    private PgFixture(PostgresCluster cluster, ReplicatedDatabase db) {
        this.cluster = cluster;
        this.db = db;
    }

    /** Starts the cluster (named after {@code purpose} and this JVM), creates and fills the table, waits for replay. */
    static PgFixture start(String purpose) throws SQLException {
        String name = purpose + "-" + ProcessHandle.current().pid();
        PostgresCluster cluster = PostgresCluster.builder().name(name).replicas(2)
                .logDirectory(Path.of(System.getProperty("java.io.tmpdir"), "bindery-bench-pg", name)).start();
        try {
            ReplicatedDatabase db = cluster.createDatabase("bench");
            try (Connection c = db.connect(db.primary()); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE item (id INT PRIMARY KEY, name VARCHAR(64) NOT NULL)");
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO item (id, name) VALUES (?, ?)")) {
                    for (int id = 1; id <= SharedDatabase.ROWS; id++) {
                        insert.setInt(1, id);
                        insert.setString(2, "item-" + id);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
            }
            db.awaitCaughtUp(Duration.ofSeconds(60));
            return new PgFixture(cluster, db);
        } catch (RuntimeException | SQLException e) {
            cluster.close();
            throw e;
        }
    }

    /** Binds {@code default}, {@code replica-1}, {@code replica-2} (pools of 4), changed by {@code customizer}. */
    Binds binds(BiConsumer<Node, BindConfig.Builder> customizer) {
        return db.binds(customizer);
    }

    /** Reads routed so far to each bind, from {@link Binds#status()}. */
    static Map<String, Long> reads(Binds binds) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (BindStatus s : binds.status()) {
            out.put(s.key(), s.reads());
        }
        return out;
    }

    @Override
    public void close() {
        cluster.close();
    }
}
