package dev.bindery.bench;

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
 */
final class Interleaved {

    /** One unit of work; {@code id} cycles over 1..{@link SharedDatabase#ROWS}. Returns something to consume. */
    interface Variant {
        Object run(int id) throws Exception;
    }

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
        names.forEach(n -> {
            ratios.put(n, new double[rounds]);
            rates.put(n, new double[rounds]);
        });
        for (int r = 0; r < rounds; r++) {
            Map<String, Double> rate = new LinkedHashMap<>();
            for (int k = 0; k < names.size(); k++) {
                String name = names.get((r + k) % names.size());
                rate.put(name, slice(variants.get(name), sliceNanos));
            }
            for (String name : names) {
                ratios.get(name)[r] = rate.get(name) / rate.get(baselines.get(name));
                rates.get(name)[r] = rate.get(name);
            }
        }
        System.out.printf(Locale.ROOT, "%d rounds of %d ms slices after %d warm-up rounds%n", rounds, sliceMillis, warmupRounds);
        System.out.printf(Locale.ROOT, "%-30s %-22s %12s %8s %8s %8s%n", "variant", "baseline", "median op/s", "p25", "median", "p75");
        for (String name : names) {
            double[] x = ratios.get(name);
            double[] y = rates.get(name);
            Arrays.sort(x);
            Arrays.sort(y);
            System.out.printf(Locale.ROOT, "%-30s %-22s %12.1f %7.3fx %7.3fx %7.3fx%n", name, baselines.get(name),
                    y[rounds / 2] * 1000, x[rounds / 4], x[rounds / 2], x[3 * rounds / 4]);
        }
    }

    /** Runs {@code variant} for about {@code nanos} (at least once) and returns its rate in operations per millisecond. */
    private static double slice(Variant variant, long nanos) throws Exception {
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
        return ops * 1e6 / (now - start);
    }
}
