package dev.bindery.bench;

/**
 * Issue 4's build-time target run {@link Interleaved}: building a Database of one primary and 8 replicas against
 * building one of a single bind, alternating in the same rounds. The ratio printed is of throughput (builds per
 * second): a build time ratio of 1.5 is a throughput ratio of 0.67.
 *
 * <pre>java -cp bindery-bench/target/benchmarks.jar dev.bindery.bench.PairedBuild [rounds] [slice-ms]</pre>
 */
public final class PairedBuild {

    private PairedBuild() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        long slice = args.length > 1 ? Long.parseLong(args[1]) : 1000;
        new Interleaved()
                .add("oneBind", "oneBind", id -> DatabaseBuildBenchmark.build(0))
                .add("primaryAnd8Replicas", "oneBind", id -> DatabaseBuildBenchmark.build(8))
                .run(5, rounds, slice);
    }
}
