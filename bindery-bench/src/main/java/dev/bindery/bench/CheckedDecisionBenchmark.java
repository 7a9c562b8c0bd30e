package dev.bindery.bench;

import dev.bindery.spi.Router;
import dev.bindery.spi.Role;
import dev.bindery.spi.Access;
import dev.bindery.status.BindStatus;
import dev.bindery.spi.RouteRequest;
import dev.bindery.spi.RouteReason;
import dev.bindery.spi.Route;
import dev.bindery.Binds;
import dev.bindery.CausalToken;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
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
 * Part (d), issue 7: the cost of the routing decision with health, lag and causal-token checks, on a real
 * PostgreSQL primary with 2 replicas. Two {@link Binds} over the same cluster, both health-checked by the shared
 * monitor: {@code plain} has no lag bounds and its reads carry no token; {@code checked} gives each replica
 * {@code maxReplicationLag} and {@code maxReplicationLagBytes}, and its reads carry a {@link CausalToken} taken from the
 * primary at set-up, which the replicas' cached replay positions pass (so no query is made). {@link Router#route}
 * alone, no connection. Run with {@code -prof gc}: every variant should allocate nothing.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class CheckedDecisionBenchmark {

    PgFixture pg;
    Binds plain;
    Binds checked;
    Router plainRouter;
    Router checkedRouter;
    /**
     * The requests are instance fields, not static constants, in every variant: the JIT folds a constant record's
     * fields, which would flatter the variant that has one.
     */
    RouteRequest read;
    RouteRequest readWithToken;

    @Setup(Level.Trial)
    public void start() throws SQLException {
        pg = PgFixture.start("decide");
        plain = pg.binds((node, b) -> { });
        checked = pg.binds((node, b) -> {
            if (!node.isPrimary()) {
                b.maxReplicationLag(Duration.ofSeconds(10)).maxReplicationLagBytes(64L * 1024 * 1024);
            }
        });
        read = RouteRequest.of(Binds.DEFAULT, Access.READ);
        plainRouter = plain.router();
        checkedRouter = checked.router();
        // Start monitoring (the first routed read does), then take a token and let the checks cache positions past it.
        plainRouter.route(read);
        checkedRouter.route(read);
        CausalToken token = checked.causalToken(Binds.DEFAULT);
        if (token.isEmpty()) {
            throw new IllegalStateException("Decision benchmark set-up: PostgreSQL gave no write position for a token");
        }
        readWithToken = read.withToken(token);
        pg.db.awaitCaughtUp(Duration.ofSeconds(60));
        plain.checkNow(Binds.DEFAULT);
        checked.checkNow(Binds.DEFAULT);
        for (Router router : new Router[] {plainRouter, checkedRouter}) {
            for (int i = 0; i < 4; i++) {
                Route r = router.route(router == plainRouter ? read : readWithToken);
                if (r.role() != Role.REPLICA || r.reason() != RouteReason.REPLICA_READ) {
                    throw new IllegalStateException("Decision benchmark set-up: a read was routed to " + r
                            + " instead of a replica; token " + token + ", status " + checked.status());
                }
            }
        }
        System.out.println("\nCausal token " + token.serialize() + "; replicas' cached positions pass it");
    }

    @TearDown(Level.Trial)
    public void close() {
        try {
            StringBuilder out = new StringBuilder("\nchecked binds after the run:");
            for (BindStatus s : checked.status()) {
                out.append(String.format(Locale.ROOT, "%n  %s: state %s, reads %d, lag %d ms / %d B, token waits %d, token fallbacks %d, fallbacks %d",
                        s.key(), s.state(), s.reads(), s.lagMillis(), s.lagBytes(), s.tokenWaits(), s.tokenFallbacks(), s.fallbacks()));
            }
            System.out.println(out);
        } finally {
            checked.close();
            plain.close();
            pg.close();
        }
    }

    /** A read on the plain group: health state only, no lag bounds, no token. */
    @Benchmark
    public Route routeReadPlain() {
        return plainRouter.route(read);
    }

    /** A read on the group with lag bounds, without a token. */
    @Benchmark
    public Route routeReadLagBounds() {
        return checkedRouter.route(read);
    }

    /** A read on the group with lag bounds, carrying a causal token the cached positions pass. */
    @Benchmark
    public Route routeReadLagBoundsAndToken() {
        return checkedRouter.route(readWithToken);
    }
}
