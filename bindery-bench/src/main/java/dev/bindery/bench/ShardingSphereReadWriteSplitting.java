package dev.bindery.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.shardingsphere.driver.api.yaml.YamlShardingSphereDataSourceFactory;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * ShardingSphere-JDBC 5.5.2 read/write splitting over the two shared pools: it parses each statement and sends a
 * SELECT outside a transaction to the replica. It needs a SINGLE rule over {@code *.*} to find the table, and keeps
 * its own metadata in a separate in-memory H2 database (standalone mode, JDBC repository).
 */
@State(Scope.Benchmark)
public class ShardingSphereReadWriteSplitting {

    /** Reads before measuring: ShardingSphere loads metadata and fills its parse cache on first use. */
    private static final int PRIMING_READS = 2_000;

    private static final String RULES = """
            databaseName: bench
            mode:
              type: Standalone
              repository:
                type: JDBC
            rules:
            - !READWRITE_SPLITTING
              dataSourceGroups:
                rw:
                  writeDataSourceName: primary
                  readDataSourceNames:
                  - replica
                  loadBalancerName: round_robin
              loadBalancers:
                round_robin:
                  type: ROUND_ROBIN
            - !SINGLE
              tables:
              - "*.*"
            props:
              sql-show: false
            """;

    DataSource dataSource;

    @Setup(Level.Trial)
    public void createDataSource(SharedDatabase db) throws SQLException, IOException {
        Map<String, DataSource> pools = new LinkedHashMap<>();
        pools.put("primary", db.primary);
        pools.put("replica", db.replica);
        dataSource = YamlShardingSphereDataSourceFactory.createDataSource(pools, RULES.getBytes(StandardCharsets.UTF_8));
        RouteCheck.readReaches("shardingsphere", dataSource::getConnection, false, db.replica, db.primary);
        for (int i = 0; i < PRIMING_READS; i++) {
            try (Connection c = dataSource.getConnection()) {
                PrimaryKeyRead.run(c, 1 + i % SharedDatabase.ROWS);
            }
        }
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        // Closes ShardingSphere's own metadata database; the shared pools are closed by SharedDatabase.
        if (dataSource instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
