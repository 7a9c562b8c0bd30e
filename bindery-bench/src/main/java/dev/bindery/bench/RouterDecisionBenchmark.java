package dev.bindery.bench;

import dev.bindery.spi.Router;
import dev.bindery.spi.Access;
import dev.bindery.spi.RouteRequest;
import dev.bindery.spi.Route;
import dev.bindery.BindContext;
import dev.bindery.BindScope;
import dev.bindery.Binds;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The routing decision alone, without a connection: {@link Router#route(RouteRequest)} for the common requests,
 * and the cost of a {@link BindContext} scope around one decision. Run with {@code -prof gc} to see that a decision
 * allocates nothing. No pool starts: Bindery opens a bind's pool on its first connection, and none is taken here.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class RouterDecisionBenchmark {

    private static final RouteRequest DEFAULT = RouteRequest.of(null, Access.UNSPECIFIED);
    private static final RouteRequest READ = RouteRequest.of(null, Access.READ);
    private static final RouteRequest WRITE = RouteRequest.of(null, Access.WRITE);

    private Binds binds;
    private Router router;

    @Setup(Level.Trial)
    public void createBinds() {
        binds = Binds.builder()
                .bind(Binds.DEFAULT, b -> b.url(SharedDatabase.URL).username("sa").poolSize(SharedDatabase.POOL_SIZE))
                .bind(BinderyRouting.REPLICA, b -> b.url(SharedDatabase.URL).username("sa")
                        .poolSize(SharedDatabase.POOL_SIZE).replicaOf(Binds.DEFAULT))
                .build();
        router = binds.router();
    }

    @TearDown(Level.Trial)
    public void close() {
        binds.close();
    }

    /** No hint, no context: the default bind. */
    @Benchmark
    public Route routeDefault() {
        return router.route(DEFAULT);
    }

    /** A read: a replica of the default group, by round robin. */
    @Benchmark
    public Route routeReadToReplica() {
        return router.route(READ);
    }

    /** A write: the primary of the default group. */
    @Benchmark
    public Route routeWrite() {
        return router.route(WRITE);
    }

    /** Open a read-only scope, route one unspecified unit of work in it (to a replica), close the scope. */
    @Benchmark
    public Route readOnlyScopeAndRoute() {
        try (BindScope s = BindContext.readOnly()) {
            return router.route(DEFAULT);
        }
    }

    /** Open an explicit-bind scope, route one unit of work in it (to that bind), close the scope. */
    @Benchmark
    public Route explicitBindScopeAndRoute() {
        try (BindScope s = BindContext.use(BinderyRouting.REPLICA)) {
            return router.route(DEFAULT);
        }
    }
}
