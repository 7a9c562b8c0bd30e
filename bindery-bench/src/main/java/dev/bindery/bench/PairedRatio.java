package dev.bindery.bench;

import dev.bindery.BindContext;
import dev.bindery.BindScope;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A supplement to JMH for a noisy, shared machine: JMH measures one benchmark after another, so a change in load
 * between two benchmarks shows up as a difference between them. This runs the routing-overhead variants (without
 * ShardingSphere) interleaved in short slices, in one JVM, rotating their order each round, and reports for each the
 * median of its per-round throughput ratio to the raw pool in the same round. Load that changes slowly cancels out.
 *
 * <pre>java -cp bindery-bench/target/benchmarks.jar dev.bindery.bench.PairedRatio [rounds] [slice-ms]</pre>
 */
public final class PairedRatio {

    private interface Variant {
        String run(int id) throws Exception;
    }

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

        Map<String, Variant> variants = new LinkedHashMap<>();
        variants.put("raw", id -> {
            try (Connection c = db.primary.getConnection()) {
                return PrimaryKeyRead.run(c, id);
            }
        });
        variants.put("binderyDefault", id -> {
            try (Connection c = bindery.dataSource.getConnection()) {
                return PrimaryKeyRead.run(c, id);
            }
        });
        variants.put("binderyExplicitBind", id -> {
            try (BindScope s = BindContext.use(BinderyRouting.REPLICA); Connection c = bindery.dataSource.getConnection()) {
                return PrimaryKeyRead.run(c, id);
            }
        });
        variants.put("binderyReadOnlyToReplica", id -> {
            try (BindScope s = BindContext.readOnly(); Connection c = bindery.dataSource.getConnection()) {
                return PrimaryKeyRead.run(c, id);
            }
        });
        variants.put("springReadOnlyToReplica", id -> {
            try (Connection c = spring.dataSource.getConnection()) {
                c.setReadOnly(true);
                return PrimaryKeyRead.run(c, id);
            }
        });
        List<String> names = new ArrayList<>(variants.keySet());
        for (int w = 0; w < 20; w++) {
            for (String name : names) {
                slice(variants.get(name), sliceNanos);
            }
        }
        Map<String, double[]> ratios = new LinkedHashMap<>();
        names.forEach(n -> ratios.put(n, new double[rounds]));
        for (int r = 0; r < rounds; r++) {
            Map<String, Double> rate = new LinkedHashMap<>();
            for (int k = 0; k < names.size(); k++) {
                String name = names.get((r + k) % names.size());
                rate.put(name, slice(variants.get(name), sliceNanos));
            }
            for (String name : names) {
                ratios.get(name)[r] = rate.get(name) / rate.get("raw");
            }
        }
        System.out.printf(Locale.ROOT, "%-26s %8s %8s %8s%n", "variant", "p25", "median", "p75");
        for (String name : names) {
            double[] x = ratios.get(name);
            Arrays.sort(x);
            System.out.printf(Locale.ROOT, "%-26s %7.3fx %7.3fx %7.3fx%n", name, x[rounds / 4], x[rounds / 2], x[3 * rounds / 4]);
        }
        bindery.close();
        db.closePools();
    }

    /** Runs {@code variant} for about {@code nanos} and returns its rate in operations per millisecond. */
    private static double slice(Variant variant, long nanos) throws Exception {
        long start = System.nanoTime();
        long end = start + nanos;
        long ops = 0;
        int id = 0;
        int sink = 0;
        long now;
        do {
            id = id == SharedDatabase.ROWS ? 1 : id + 1;
            sink += variant.run(id).length();
            ops++;
        } while ((now = System.nanoTime()) < end);
        if (sink == 42) {
            System.out.print("");
        }
        return ops * 1e6 / (now - start);
    }
}
