package dev.bindery.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A supplement to JMH for a noisy, shared machine: JMH measures one benchmark after another, so a change in load
 * between two benchmarks shows up as a difference between them. This runs variants interleaved in short slices, in
 * one JVM, rotating their order each round, and reports for each the median (and quartiles) of its per-round
 * throughput ratio to its baseline in the same round. Load that changes slowly cancels out. Every variant goes
 * through the same call site, which adds the same small cost to each.
 *
 * <p>It also counts the bytes each variant allocates on its thread (the JVM's per-thread allocation counter, the one
 * JMH's {@code -prof gc} reads), so every row shows bytes per operation and the difference from its baseline.
 */
final class Interleaved {

    /** One unit of work; {@code id} cycles over 1..{@link SharedDatabase#ROWS}. Returns something to consume. */
    interface Variant {
        Object run(int id) throws Exception;
    }

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final Map<String, Variant> variants = new LinkedHashMap<>();
    private final Map<String, String> baselines = new LinkedHashMap<>();

    /** Adds a variant compared with {@code baseline} (a variant added before, or itself). */
    Interleaved add(String name, String baseline, Variant variant) {
        variants.put(name, variant);
        baselines.put(name, baseline);
        return this;
    }

    /**
     * Warms every variant up for {@code warmupRounds} rounds, then measures {@code rounds} rounds of one slice of
     * {@code sliceMillis} each per variant, and prints p25, median and p75 of each variant's ratio to its baseline.
     */
    void run(int warmupRounds, int rounds, long sliceMillis) throws Exception {
        long sliceNanos = sliceMillis * 1_000_000L;
        List<String> names = new ArrayList<>(variants.keySet());
        for (int w = 0; w < warmupRounds; w++) {
            for (String name : names) {
                slice(variants.get(name), sliceNanos);
            }
        }
        Map<String, double[]> ratios = new LinkedHashMap<>();
        Map<String, double[]> rates = new LinkedHashMap<>();
        Map<String, double[]> bytes = new LinkedHashMap<>();
        names.forEach(n -> {
            ratios.put(n, new double[rounds]);
            rates.put(n, new double[rounds]);
            bytes.put(n, new double[rounds]);
        });
        for (int r = 0; r < rounds; r++) {
            Map<String, Double> rate = new LinkedHashMap<>();
            for (int k = 0; k < names.size(); k++) {
                String name = names.get((r + k) % names.size());
                double[] result = slice(variants.get(name), sliceNanos);
                rate.put(name, result[0]);
                bytes.get(name)[r] = result[1];
            }
            for (String name : names) {
                ratios.get(name)[r] = rate.get(name) / rate.get(baselines.get(name));
                rates.get(name)[r] = rate.get(name);
            }
        }
        System.out.printf(Locale.ROOT, "%d rounds of %d ms slices after %d warm-up rounds%n", rounds, sliceMillis, warmupRounds);
        System.out.printf(Locale.ROOT, "%-30s %-22s %12s %8s %8s %8s %9s %9s%n", "variant", "baseline", "median op/s",
                "p25", "median", "p75", "B/op", "+B/op");
        Map<String, Double> medianBytes = new LinkedHashMap<>();
        for (String name : names) {
            double[] b = bytes.get(name).clone();
            Arrays.sort(b);
            medianBytes.put(name, b[rounds / 2]);
        }
        for (String name : names) {
            double[] x = ratios.get(name);
            double[] y = rates.get(name);
            Arrays.sort(x);
            Arrays.sort(y);
            double b = medianBytes.get(name);
            System.out.printf(Locale.ROOT, "%-30s %-22s %12.1f %7.3fx %7.3fx %7.3fx %9.0f %+9.0f%n", name, baselines.get(name),
                    y[rounds / 2] * 1000, x[rounds / 4], x[rounds / 2], x[3 * rounds / 4], b,
                    b - medianBytes.get(baselines.get(name)));
        }
    }

    /**
     * Runs {@code variant} for about {@code nanos} (at least once) and returns its rate in operations per millisecond
     * and the bytes it allocated per operation.
     */
    private static double[] slice(Variant variant, long nanos) throws Exception {
        long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();
        long end = start + nanos;
        long ops = 0;
        int id = 0;
        int sink = 0;
        long now;
        do {
            id = id == SharedDatabase.ROWS ? 1 : id + 1;
            sink += System.identityHashCode(variant.run(id));
            ops++;
        } while ((now = System.nanoTime()) < end);
        if (sink == 42) {
            System.out.print("");
        }
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore;
        return new double[] {ops * 1e6 / (now - start), (double) allocated / ops};
    }
}
