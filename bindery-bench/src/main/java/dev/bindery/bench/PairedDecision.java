package dev.bindery.bench;

import dev.bindery.spi.Route;

/**
 * Part (d) run {@link Interleaved}: the checked decision (lag bounds and a causal token) against the plain one, on
 * the PostgreSQL cluster of {@link CheckedDecisionBenchmark}, in the same rounds. Each call of a variant makes
 * {@value #BATCH} decisions, so that the slice loop's own cost does not hide a few nanoseconds.
 *
 * <pre>java -cp bindery-bench/target/benchmarks.jar dev.bindery.bench.PairedDecision [rounds] [slice-ms] [warm-up-rounds]</pre>
 */
public final class PairedDecision {

    static final int BATCH = 1000;

    private PairedDecision() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        long slice = args.length > 1 ? Long.parseLong(args[1]) : 100;
        CheckedDecisionBenchmark b = new CheckedDecisionBenchmark();
        b.start();
        try {
            new Interleaved()
                    .add("routeReadPlain", "routeReadPlain", id -> {
                        Route r = null;
                        for (int i = 0; i < BATCH; i++) {
                            r = b.routeReadPlain();
                        }
                        return r;
                    })
                    .add("routeReadLagBounds", "routeReadPlain", id -> {
                        Route r = null;
                        for (int i = 0; i < BATCH; i++) {
                            r = b.routeReadLagBounds();
                        }
                        return r;
                    })
                    .add("routeReadLagBoundsAndToken", "routeReadPlain", id -> {
                        Route r = null;
                        for (int i = 0; i < BATCH; i++) {
                            r = b.routeReadLagBoundsAndToken();
                        }
                        return r;
                    })
                    .run(args.length > 2 ? Integer.parseInt(args[2]) : 20, rounds, slice);
        } finally {
            b.close();
        }
    }
}
