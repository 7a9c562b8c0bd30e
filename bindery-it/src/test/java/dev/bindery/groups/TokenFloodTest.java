package dev.bindery.groups;

import dev.bindery.BindContext;
import dev.bindery.BindScope;
import dev.bindery.status.BindState;
import dev.bindery.status.BindStatus;
import dev.bindery.Binds;
import dev.bindery.CausalToken;
import dev.bindery.status.TokenRejection;
import dev.bindery.test.ReplicatedDatabase;
import dev.bindery.test.Node;
import dev.bindery.test.PostgresReplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Floods of reads carrying causal tokens on a real primary and two streaming replicas: position reads are shared (one
 * in flight per replica), a token beyond the primary never waits nor asks the replicas, and the health checks, which
 * have their own connection, are never starved: no healthy replica is ejected.
 */
@PostgresReplication(replicas = 2)
class TokenFloodTest {
    private static final Logger LOG = LoggerFactory.getLogger(TokenFloodTest.class);
    private static final AtomicInteger IDS = new AtomicInteger();

    @BeforeAll
    static void createTable(ReplicatedDatabase cluster) throws SQLException {
        ClusterBinds.execute(cluster, "create table flood (id int primary key)");
        cluster.awaitCaughtUp(Duration.ofSeconds(30));
    }

    @AfterEach
    void heal(ReplicatedDatabase cluster) {
        cluster.heal();
    }

    private static void insert(Binds binds) throws SQLException {
        try (Connection c = binds.dataSource(Binds.DEFAULT).getConnection();
             PreparedStatement ps = c.prepareStatement("insert into flood values (?)")) {
            try (Statement s = c.createStatement()) {
                s.execute("set synchronous_commit = on");
            }
            ps.setInt(1, IDS.incrementAndGet());
            ps.executeUpdate();
        }
    }

    /** One real read (a query on the connection the router chose) carrying {@code token}; the key of the bind that served it. */
    private static String read(Binds binds, CausalToken token) throws SQLException {
        try (BindScope s = BindContext.after(token)) {
            return binds.withReadConnection(Binds.DEFAULT, c -> {
                int port = ClusterBinds.serverPort(c);
                return port == 0 ? "?" : String.valueOf(port);
            });
        }
    }

    private static Map<String, Long> queries(Binds binds) {
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        for (BindStatus s : binds.status()) {
            out.put(s.key(), s.positionQueries());
        }
        return out;
    }

    @Test
    void concurrentReadsWaitingForATokenShareOnePositionQueryAtATimePerReplica(ReplicatedDatabase cluster) throws Exception {
        int readers = 200;
        try (Binds binds = ClusterBinds.builder(cluster, o -> o.causalWait(Duration.ofMillis(300)).poolSize(16)).build()) {
            read(binds, null);
            cluster.replicas().forEach(cluster::pauseReplay);
            insert(binds);
            CausalToken token = binds.causalToken(Binds.DEFAULT);
            Map<String, Long> before = queries(binds);
            ExecutorService pool = Executors.newFixedThreadPool(readers);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> served = new ArrayList<>();
            for (int i = 0; i < readers; i++) {
                served.add(pool.submit(() -> {
                    start.await();
                    return read(binds, token);
                }));
            }
            long t0 = System.nanoTime();
            start.countDown();
            Map<String, Integer> byPort = new java.util.TreeMap<>();
            for (Future<String> f : served) {
                byPort.merge(f.get(30, TimeUnit.SECONDS), 1, Integer::sum);
            }
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            pool.shutdown();
            Map<String, Long> after = queries(binds);
            LOG.info("{} concurrent token reads, replay paused on both replicas, causalWait 300ms: served by port {}; "
                    + "position queries per bind {} -> {} in {} ms", readers, byPort, before, after, elapsedMs);
            assertThat(byPort).as("no replica reached the token: the primary served every read")
                    .containsOnlyKeys(String.valueOf(cluster.primary().port()));
            for (Node r : cluster.replicas()) {
                long q = after.get(r.name()) - before.get(r.name());
                assertThat(q).as("position queries to %s: at most one per arriving read, and one per ms while they wait "
                        + "(a loop of queries per read, tens of thousands, without sharing)", r.name())
                        .isPositive().isLessThanOrEqualTo(readers + elapsedMs + 1);
            }
            assertThat(binds.status(Binds.DEFAULT).tokenFallbacks()).isEqualTo(readers);

            cluster.replicas().forEach(cluster::resumeReplay);
            cluster.awaitCaughtUp(Duration.ofSeconds(30));
            binds.checkNow(Binds.DEFAULT);
            Map<String, Long> caughtUp = queries(binds);
            for (int i = 0; i < readers; i++) {
                read(binds, token);
            }
            assertThat(queries(binds)).as("a token the health checks saw replicas pass costs no query").isEqualTo(caughtUp);
        }
    }

    @Test
    void aSignedTokenBeyondThePrimaryNeverWaitsNorAsksTheReplicas(ReplicatedDatabase cluster) throws Exception {
        try (Binds binds = ClusterBinds.builder(cluster, o -> o.causalWait(Duration.ofSeconds(2))
                .healthCheckInterval(Duration.ofSeconds(30))).build()) {
            read(binds, null);
            CausalToken ahead = binds.tokens().verify(binds.tokens().sign(CausalToken.of(Binds.DEFAULT, 0x7FFFFFFFFFFFFFFFL)));
            assertThat(ahead.isEmpty()).as("the signature is good").isFalse();
            Map<String, Long> before = queries(binds);
            Map<String, Integer> byPort = new java.util.TreeMap<>();
            for (int i = 0; i < 200; i++) {
                byPort.merge(read(binds, ahead), 1, Integer::sum);
            }
            Map<String, Long> after = queries(binds);
            BindStatus primary = binds.status(Binds.DEFAULT);
            LOG.info("200 reads with a signed token beyond the primary: served by port {}; position queries {} -> {}; "
                    + "ignored {}, token fallbacks {}, token waits {}", byPort, before, after, primary.tokensIgnored(),
                    primary.tokenFallbacks(), primary.tokenWaits());
            assertThat(after.get(Binds.DEFAULT) - before.get(Binds.DEFAULT)).as("one read of the primary per health interval").isEqualTo(1);
            for (Node r : cluster.replicas()) {
                assertThat(after.get(r.name()) - before.get(r.name())).as("no query to %s", r.name()).isZero();
            }
            assertThat(primary.tokensIgnored()).isEqualTo(1);
            assertThat(binds.tokens().ignored()).containsEntry(TokenRejection.AHEAD_OF_PRIMARY, 1L);
            assertThat(primary.tokenWaits()).as("never waited for causalWait").isZero();
            assertThat(byPort.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(200);
        }
    }

    @Test
    void aFloodOfTokenReadsWithA250msHealthCheckTimeoutEjectsNoHealthyReplica(ReplicatedDatabase cluster) throws Exception {
        int readers = 64;
        try (Binds binds = ClusterBinds.builder(cluster, o -> o.causalWait(Duration.ofMillis(20)).poolSize(16)
                .healthCheckInterval(Duration.ofMillis(100)).healthCheckTimeout(Duration.ofMillis(250))).build()) {
            read(binds, null);
            cluster.pauseReplay(cluster.replica(1));   // every fresh token then asks replica-1 again, and replica-2 too
            insert(binds);                              // so that even the first token is beyond the paused replica
            AtomicReference<CausalToken> latest = new AtomicReference<>(binds.causalToken(Binds.DEFAULT));
            AtomicBoolean stop = new AtomicBoolean();
            Map<String, BindState> worst = new ConcurrentHashMap<>();
            AtomicInteger reads = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(readers + 2);
            List<Future<?>> tasks = new ArrayList<>();
            tasks.add(pool.submit(() -> {
                while (!stop.get()) {
                    insert(binds);
                    latest.set(binds.causalToken(Binds.DEFAULT));
                }
                return null;
            }));
            tasks.add(pool.submit(() -> {
                while (!stop.get()) {
                    for (Node r : cluster.replicas()) {
                        BindState s = binds.status(r.name()).state();
                        if (s != BindState.UP) {
                            worst.put(r.name(), s);
                        }
                    }
                    Thread.sleep(5);
                }
                return null;
            }));
            Map<String, AtomicInteger> byPort = new ConcurrentHashMap<>();
            for (int i = 0; i < readers; i++) {
                tasks.add(pool.submit(() -> {
                    while (!stop.get()) {
                        byPort.computeIfAbsent(read(binds, latest.get()), k -> new AtomicInteger()).incrementAndGet();
                        reads.incrementAndGet();
                    }
                    return null;
                }));
            }
            Thread.sleep(3_000);
            stop.set(true);
            for (Future<?> f : tasks) {
                f.get(30, TimeUnit.SECONDS);
            }
            pool.shutdown();
            Map<String, Long> q = queries(binds);
            LOG.info("token flood: {} reads from {} threads in 3 s, served by port {}; position queries {}; replica states "
                    + "other than UP seen: {}; last errors {}", reads.get(), readers, byPort, q, worst,
                    binds.status().stream().map(s -> s.key() + "=" + s.lastError()).toList());
            assertThat(worst).as("replica states other than UP seen during the flood").isEmpty();
            for (Node r : cluster.replicas()) {
                assertThat(binds.status(r.name()).lastError()).as("no failed health check on %s", r.name()).isNull();
            }
            assertThat(byPort.get(String.valueOf(cluster.replica(2).port()))).as("the live replica served token reads").isNotNull();
            assertThat(byPort).doesNotContainKey(String.valueOf(cluster.replica(1).port()));
        }
    }
}
