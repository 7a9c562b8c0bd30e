package dev.bindery.bench;

import dev.bindery.status.BindStatus;
import dev.bindery.BindContext;
import dev.bindery.BindScope;
import dev.bindery.Binds;
import dev.bindery.RoutingDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Part (c): real replicas. A PostgreSQL primary and 2 streaming replicas (bindery-test), 4 threads, each doing a
 * primary-key SELECT on a 100-row table: all reads on the primary's pool, against reads routed to the replicas by
 * {@link Binds#withReadConnection} and by the {@link RoutingDataSource} in a {@link BindContext#readOnly()} scope.
 * After the measurement iterations, prints how the routed reads spread over the binds ({@link Binds#status()}):
 * each bind's share, and each replica's deviation from an even share.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(4)
public class ReplicaReadBenchmark {

    /** The cluster and Bindery over it, shared by the 4 threads; counts the routed reads of measurement iterations. */
    @State(Scope.Benchmark)
    public static class Replicas {
        PgFixture pg;
        Binds binds;
        DataSource primary;
        RoutingDataSource routing;
        private Map<String, Long> before;
        private final Map<String, Long> measured = new LinkedHashMap<>();

        @Setup(Level.Trial)
        public void start() throws SQLException {
            pg = PgFixture.start("reads");
            binds = pg.binds((node, b) -> { });
            primary = binds.dataSource(Binds.DEFAULT);
            routing = binds.routingDataSource();
            String replica = binds.withReadConnection(Binds.DEFAULT, c -> c.getMetaData().getURL());
            if (replica.equals(binds.config(Binds.DEFAULT).url())) {
                throw new IllegalStateException("Replica benchmark set-up: a routed read reached the primary " + replica);
            }
            binds.checkNow(Binds.DEFAULT);
        }

        @Setup(Level.Iteration)
        public void snapshot() {
            before = PgFixture.reads(binds);
        }

        @TearDown(Level.Iteration)
        public void count(IterationParams iteration) {
            if (iteration.getType() == IterationType.MEASUREMENT) {
                PgFixture.reads(binds).forEach((k, n) -> measured.merge(k, n - before.getOrDefault(k, 0L), Long::sum));
            }
        }

        @TearDown(Level.Trial)
        public void report() {
            try {
                long total = measured.values().stream().mapToLong(Long::longValue).sum();
                StringBuilder out = new StringBuilder("\nReads routed during measurement (binds.status()): ");
                if (total == 0) {
                    out.append("none (this benchmark does not go through the router)");
                } else {
                    int replicas = binds.replicas(Binds.DEFAULT).size();
                    double even = 1.0 / replicas;
                    for (Map.Entry<String, Long> e : measured.entrySet()) {
                        double share = (double) e.getValue() / total;
                        out.append(String.format(Locale.ROOT, "%s %d (%.3f%%", e.getKey(), e.getValue(), 100 * share));
                        if (!e.getKey().equals(Binds.DEFAULT)) {
                            out.append(String.format(Locale.ROOT, ", %+.2f%% from even", 100 * (share / even - 1)));
                        }
                        out.append("); ");
                    }
                    out.append("total ").append(total);
                }
                for (BindStatus s : binds.status()) {
                    out.append(String.format(Locale.ROOT, "%n  %s: state %s, lag %d ms / %d B, fallbacks %d, retries %d",
                            s.key(), s.state(), s.lagMillis(), s.lagBytes(), s.fallbacks(), s.retries()));
                }
                System.out.println(out);
            } finally {
                binds.close();
                pg.close();
            }
        }
    }

    /** Per thread: the key cursor, and the work handed to {@link Binds#withReadConnection} without a new lambda per call. */
    @State(Scope.Thread)
    public static class Reader implements Binds.ConnectionWork<String, RuntimeException> {
        private final Keys keys = new Keys();
        private int id;

        @Override
        public String run(Connection connection) throws SQLException {
            return PrimaryKeyRead.run(connection, id);
        }

        int next() {
            id = keys.next();
            return id;
        }
    }

    /** Every read on the primary's pool: the baseline. */
    @Benchmark
    public String primaryOnly(Replicas r, Reader reader) throws SQLException {
        try (Connection c = r.primary.getConnection()) {
            return PrimaryKeyRead.run(c, reader.next());
        }
    }

    /** Reads routed to the replicas by {@code binds.withReadConnection(DEFAULT, work)}. */
    @Benchmark
    public String replicasWithReadConnection(Replicas r, Reader reader) throws SQLException {
        reader.next();
        return r.binds.withReadConnection(Binds.DEFAULT, reader);
    }

    /** Reads routed to the replicas by the RoutingDataSource inside {@code BindContext.readOnly()}. */
    @Benchmark
    public String replicasReadOnlyScope(Replicas r, Reader reader) throws SQLException {
        try (BindScope s = BindContext.readOnly(); Connection c = r.routing.getConnection()) {
            return PrimaryKeyRead.run(c, reader.next());
        }
    }
}
