package dev.bindery.bench;

import dev.bindery.BindContext;
import dev.bindery.BindScope;
import java.sql.Connection;

/**
 * The routing-overhead variants (without ShardingSphere) run {@link Interleaved}: interleaved in short slices in one
 * JVM, each reported as the median of its per-round throughput ratio to the raw pool in the same round. Two controls
 * split Bindery's cost: {@code binderyPoolDirect} takes the connection from the default bind's own HikariCP pool (the
 * pool configuration Bindery applies), {@code decisionThenPool} asks the router first and then takes it from that
 * pool directly (the decision without the {@code RoutingDataSource} around it).
 *
 * <pre>java -cp bindery-bench/target/benchmarks.jar dev.bindery.bench.PairedRatio [rounds] [slice-ms] [warm-up-rounds]</pre>
 */
public final class PairedRatio {

    private PairedRatio() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        long sliceNanos = (args.length > 1 ? Long.parseLong(args[1]) : 100) * 1_000_000L;
        SharedDatabase db = new SharedDatabase();
        db.createSchemaAndPools();
        BinderyRouting bindery = new BinderyRouting();
        bindery.createBinds(db);
        SpringReadOnlyProxy spring = new SpringReadOnlyProxy();
        spring.createProxy(db);

        Interleaved variants = new Interleaved();
        variants.add("raw", "raw", id -> {
            try (Connection c = db.primary.getConnection()) {
                return PrimaryKeyRead.run(c, id);
            }
        });
        javax.sql.DataSource binderyPool = bindery.binds.dataSource(dev.bindery.Binds.DEFAULT)
                .unwrap(com.zaxxer.hikari.HikariDataSource.class);
        variants.add("binderyPoolDirect", "raw", id -> {
            try (Connection c = binderyPool.getConnection()) {
                return PrimaryKeyRead.run(c, id);
            }
        });
        dev.bindery.spi.Router router = bindery.binds.router();
        variants.add("decisionThenPool", "raw", id -> {
            router.route(null, dev.bindery.spi.Access.UNSPECIFIED);
            try (Connection c = binderyPool.getConnection()) {
                return PrimaryKeyRead.run(c, id);
            }
        });
        variants.add("binderyDefault", "raw", id -> {
            try (Connection c = bindery.dataSource.getConnection()) {
                return PrimaryKeyRead.run(c, id);
            }
        });
        variants.add("binderyExplicitBind", "raw", id -> {
            try (BindScope s = BindContext.use(BinderyRouting.REPLICA); Connection c = bindery.dataSource.getConnection()) {
                return PrimaryKeyRead.run(c, id);
            }
        });
        variants.add("binderyReadOnlyToReplica", "raw", id -> {
            try (BindScope s = BindContext.readOnly(); Connection c = bindery.dataSource.getConnection()) {
                return PrimaryKeyRead.run(c, id);
            }
        });
        variants.add("springReadOnlyToReplica", "raw", id -> {
            try (Connection c = spring.dataSource.getConnection()) {
                c.setReadOnly(true);
                return PrimaryKeyRead.run(c, id);
            }
        });
        variants.run(args.length > 2 ? Integer.parseInt(args[2]) : 20, rounds, sliceNanos / 1_000_000L);
        bindery.close();
        db.closePools();
    }
}
