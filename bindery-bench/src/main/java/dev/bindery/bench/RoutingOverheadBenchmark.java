package dev.bindery.bench;

import dev.bindery.BindContext;
import dev.bindery.BindScope;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Benchmark (a), routing overhead: borrow a connection, run a primary-key SELECT on a small H2 in-memory table,
 * return the connection. Every variant works on the same database and the same two pools ({@link SharedDatabase}),
 * so the only difference between them is the routing layer. The raw pool is the floor.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RoutingOverheadBenchmark {

    /** The floor: HikariCP alone, no routing at all. */
    @Benchmark
    public String raw(SharedDatabase db, Keys keys) throws SQLException {
        try (Connection c = db.primary.getConnection()) {
            return PrimaryKeyRead.run(c, keys.next());
        }
    }

    /** Bindery, no context: the RoutingDataSource sends the work to the default bind. */
    @Benchmark
    public String binderyDefault(BinderyRouting bindery, Keys keys) throws SQLException {
        try (Connection c = bindery.dataSource.getConnection()) {
            return PrimaryKeyRead.run(c, keys.next());
        }
    }

    /** Bindery, explicit bind: a BindContext scope names the replica bind; opening the scope is part of the work. */
    @Benchmark
    public String binderyExplicitBind(BinderyRouting bindery, Keys keys) throws SQLException {
        try (BindScope s = BindContext.use(BinderyRouting.REPLICA); Connection c = bindery.dataSource.getConnection()) {
            return PrimaryKeyRead.run(c, keys.next());
        }
    }

    /** Bindery, read/write routing: a read-only scope sends the read to a replica of the default group. */
    @Benchmark
    public String binderyReadOnlyToReplica(BinderyRouting bindery, Keys keys) throws SQLException {
        try (BindScope s = BindContext.readOnly(); Connection c = bindery.dataSource.getConnection()) {
            return PrimaryKeyRead.run(c, keys.next());
        }
    }

    /** Spring: LazyConnectionDataSourceProxy, routed to the replica by setReadOnly(true) before the statement. */
    @Benchmark
    public String springReadOnlyToReplica(SpringReadOnlyProxy spring, Keys keys) throws SQLException {
        try (Connection c = spring.dataSource.getConnection()) {
            c.setReadOnly(true);
            return PrimaryKeyRead.run(c, keys.next());
        }
    }

    /** ShardingSphere-JDBC: read/write splitting, which parses the SELECT and sends it to the replica. */
    @Benchmark
    public String shardingSphereReadToReplica(ShardingSphereReadWriteSplitting sharding, Keys keys)
            throws SQLException {
        try (Connection c = sharding.dataSource.getConnection()) {
            return PrimaryKeyRead.run(c, keys.next());
        }
    }
}
