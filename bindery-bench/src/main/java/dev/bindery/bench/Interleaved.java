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
 * JMH's {@code -prof gc} reads), so every row shows bytes per operation and the difference from its baseline. And it
 * reads the thread's CPU time, so every row also shows a CPU ratio: the baseline's CPU time per operation over the
 * variant's, in the same round. Time the thread spends descheduled by other load on a shared machine is not CPU time,
 * so this ratio is steadier than the throughput ratio; everything measured here runs on the calling thread.
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
     * {@code sliceMillis} each per variant, and prints for each variant p25, median and p75 of its throughput ratio and
     * of its CPU ratio to its baseline, and its median bytes and CPU nanoseconds per operation.
     */
    void run(int warmupRounds, int rounds, long sliceMillis) throws Exception {
        long sliceNanos = sliceMillis * 1_000_000L;
        List<String> names = new ArrayList<>(variants.keySet());
        String only = System.getProperty("interleaved.only");   // a regex: only the variants it finds, and their baselines
        if (only != null) {
            java.util.regex.Pattern p = java.util.regex.Pattern.compile(only);
            java.util.Set<String> kept = new java.util.HashSet<>();
            for (String n : names) {
                for (String v = n; p.matcher(n).find() && kept.add(v); v = baselines.get(v)) {
                    // a variant, its baseline, the baseline's baseline...
                }
            }
            names.retainAll(kept);
        }
        for (int w = 0; w < warmupRounds; w++) {
            for (String name : names) {
                slice(variants.get(name), sliceNanos);
            }
        }
        Map<String, double[][]> samples = new LinkedHashMap<>();   // per variant: per round {op/ms, B/op, cpu ns/op}
        names.forEach(n -> samples.put(n, new double[rounds][]));
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < names.size(); k++) {
                String name = names.get((r + k) % names.size());
                samples.get(name)[r] = slice(variants.get(name), sliceNanos);
            }
        }
        System.out.printf(Locale.ROOT, "%d rounds of %d ms slices after %d warm-up rounds%n", rounds, sliceMillis, warmupRounds);
        System.out.printf(Locale.ROOT, "%-26s %-22s %11s %7s %7s %7s %7s %7s %7s %7s %7s %7s %13s %13s%n", "variant", "baseline",
                "median op/s", "p25", "median", "p75", "B/op", "+B/op", "cpu ns", "cpu p25", "cpu med", "cpu p75",
                "median 95% CI", "cpu med 95% CI");
        String raw = System.getProperty("interleaved.raw");   // per-round ratios, to pool runs in separate JVMs
        for (String name : names) {
            double[][] own = samples.get(name);
            double[][] base = samples.get(baselines.get(name));
            double[] throughputRatio = new double[rounds];
            double[] cpuRatio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                throughputRatio[r] = own[r][0] / base[r][0];
                cpuRatio[r] = base[r][2] / own[r][2];
            }
            if (raw != null) {
                StringBuilder lines = new StringBuilder();
                for (int r = 0; r < rounds; r++) {
                    lines.append(String.format(Locale.ROOT, "%s %s %.5f %.5f %.1f%n", name, baselines.get(name),
                            throughputRatio[r], cpuRatio[r], own[r][1] - base[r][1]));
                }
                java.nio.file.Files.writeString(java.nio.file.Path.of(raw), lines, java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND);
            }
            Arrays.sort(throughputRatio);
            Arrays.sort(cpuRatio);
            double bytes = median(own, 1);
            System.out.printf(Locale.ROOT, "%-26s %-22s %11.0f %6.3fx %6.3fx %6.3fx %7.0f %+7.0f %7.0f %6.3fx %6.3fx %6.3fx %13s %13s%n",
                    name, baselines.get(name), median(own, 0) * 1000,
                    throughputRatio[rounds / 4], throughputRatio[rounds / 2], throughputRatio[3 * rounds / 4],
                    bytes, bytes - median(base, 1), median(own, 2),
                    cpuRatio[rounds / 4], cpuRatio[rounds / 2], cpuRatio[3 * rounds / 4],
                    medianInterval(throughputRatio), medianInterval(cpuRatio));
        }
    }

    /**
     * The distribution-free 95% confidence interval of the median of {@code sorted}: the order statistics
     * {@code n/2 - 1.96 sqrt(n)/2} and {@code 1 + n/2 + 1.96 sqrt(n)/2} (1-based; binomial, normal approximation).
     */
    static String medianInterval(double[] sorted) {
        int n = sorted.length;
        double half = 1.96 * Math.sqrt(n) / 2;
        int lo = Math.max(0, (int) Math.floor(n / 2.0 - half) - 1);
        int hi = Math.min(n - 1, (int) Math.ceil(1 + n / 2.0 + half) - 1);
        return String.format(Locale.ROOT, "%.3f-%.3f", sorted[lo], sorted[hi]);
    }

    private static double median(double[][] rounds, int column) {
        double[] x = new double[rounds.length];
        for (int r = 0; r < rounds.length; r++) {
            x[r] = rounds[r][column];
        }
        Arrays.sort(x);
        return x[x.length / 2];
    }

    /**
     * Runs {@code variant} for about {@code nanos} (at least once) and returns its rate in operations per millisecond,
     * the bytes it allocated per operation, and the thread's CPU nanoseconds per operation.
     */
    private static double[] slice(Variant variant, long nanos) throws Exception {
        long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
        long cpuBefore = THREADS.getCurrentThreadCpuTime();
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
        long cpu = THREADS.getCurrentThreadCpuTime() - cpuBefore;
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore;
        return new double[] {ops * 1e6 / (now - start), (double) allocated / ops, (double) cpu / ops};
    }
}
