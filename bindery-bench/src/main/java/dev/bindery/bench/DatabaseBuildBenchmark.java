package dev.bindery.bench;

import dev.bindery.Binds;
import dev.bindery.hibernate.Database;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 4's build-time target: building {@link Binds} and a {@link Database} mapping {@link Item}, then closing both,
 * for one bind and for a primary with 8 replicas (all on one H2 in-memory database). Hibernate's metadata is built
 * once per group, so the replicas should add little. Average time of a build, in milliseconds.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class DatabaseBuildBenchmark {

    /** Replicas of the default bind: 0 (one bind) or 8. */
    @Param({"0", "8"})
    public int replicas;

    @Benchmark
    public int buildAndClose() {
        return build(replicas);
    }

    /** Builds the binds and the database, closes them, and returns the number of mapped entities. */
    static int build(int replicas) {
        String url = "jdbc:h2:mem:build;DB_CLOSE_DELAY=-1";
        Binds.Builder builder = Binds.builder().bind(Binds.DEFAULT, b -> b.url(url).username("sa").poolSize(2));
        for (int i = 1; i <= replicas; i++) {
            builder.bind("replica-" + i, b -> b.url(url).username("sa").poolSize(2).replicaOf(Binds.DEFAULT));
        }
        try (Binds binds = builder.build(); Database db = Database.builder(binds).entities(Item.class).build()) {
            return db.entities(Binds.DEFAULT).size();
        }
    }
}
