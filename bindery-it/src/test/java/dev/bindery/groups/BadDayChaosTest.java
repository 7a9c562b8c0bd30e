package dev.bindery.groups;

import dev.bindery.BindContext;
import dev.bindery.BindScope;
import dev.bindery.Binds;
import dev.bindery.CausalToken;
import dev.bindery.status.BindState;
import dev.bindery.status.BindStatus;
import dev.bindery.test.ReplicatedDatabase;
import dev.bindery.test.Node;
import dev.bindery.test.PostgresReplication;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bounded bad day on a real primary with two streaming replicas: 8 threads read and write while replicas are
 * killed and restarted, their replay paused, their pools saturated, and forged tokens arrive. Whatever happens,
 * no write reaches a replica, no acknowledged write is lost or duplicated, reads fail only when they were in flight
 * on a replica at the moment it was killed, no live replica is ejected, and every pool ends with 0 active
 * connections.
 */
@PostgresReplication(replicas = 2, isolated = true)
class BadDayChaosTest {
    private static final Logger LOG = LoggerFactory.getLogger(BadDayChaosTest.class);
    private static final Duration RUN = Duration.ofSeconds(40);
    private static final int WORKERS = 8;
    private static final List<String> FORGED = List.of("default~7FFFFFFFFFFFFFFF", "default~7FFFFFFFFFFFFFFF!AAAA",
            "default~10!" + "A".repeat(43), "w.7258118400000", "~~~!!!", "x".repeat(5_000));

    /** One read: when it started and ended (nanos), which bind the router chose, and whether it failed. */
    private record Read(long start, long end, String bind, boolean failed, String error) {
    }

    /** One kill of a replica, and when it was started again. */
    private record Kill(String node, long at, long restartedAt) {
    }

    @Test
    void aBadDayLosesNoWriteMisroutesNothingAndEjectsOnlyTheDead(ReplicatedDatabase cluster) throws Exception {
        ClusterBinds.execute(cluster, "create table chaos (id bigint primary key, worker int not null)");
        cluster.awaitCaughtUp(Duration.ofSeconds(30));
        long seed = System.nanoTime();
        LOG.info("chaos seed {}", seed);
        Random random = new Random(seed);
        ThreadLocal<String> lastBind = new ThreadLocal<>();
        try (Binds binds = ClusterBinds.builder(cluster, o -> o.ejectAfterFailures(3).readmitAfterSuccesses(2).healthCheckTimeout(Duration.ofSeconds(2)))
                .tokenKeys("bad-day-chaos-key-0123456789abcdef")
                .onRoute(r -> lastBind.set(r.bind()))
                .build()) {
            DataSource routed = binds.routingDataSource();
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong ids = new AtomicLong();
            Set<Long> attempted = ConcurrentHashMap.newKeySet();
            Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
            ConcurrentLinkedQueue<Read> reads = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<String> writeFailures = new ConcurrentLinkedQueue<>();
            LongAdder forgedSent = new LongAdder();
            List<Kill> kills = new ArrayList<>();
            Map<String, List<Long>> ejections = new ConcurrentHashMap<>();

            ExecutorService pool = Executors.newFixedThreadPool(WORKERS + 1);
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                int worker = w;
                long workerSeed = random.nextLong();
                futures.add(pool.submit(() -> {
                    Random r = new Random(workerSeed);
                    while (running.get()) {
                        int dice = r.nextInt(10);
                        if (dice < 4) {
                            long id = ids.incrementAndGet();
                            attempted.add(id);
                            try (Connection c = routed.getConnection()) {
                                c.setAutoCommit(false);
                                try (PreparedStatement ps = c.prepareStatement("insert into chaos (id, worker) values (?, ?)")) {
                                    ps.setLong(1, id);
                                    ps.setInt(2, worker);
                                    ps.executeUpdate();
                                }
                                c.commit();
                                acknowledged.add(id);
                            } catch (Exception e) {
                                writeFailures.add(id + ": " + e);
                            }
                        } else {
                            CausalToken token = CausalToken.NONE;
                            if (dice == 9) {
                                token = binds.tokens().verify(FORGED.get(r.nextInt(FORGED.size())));
                                forgedSent.increment();
                            }
                            reads.add(read(binds, token, lastBind));
                        }
                    }
                    return null;
                }));
            }
            futures.add(pool.submit(() -> {
                Map<String, BindState> last = new HashMap<>();
                while (running.get()) {
                    for (BindStatus s : binds.status()) {
                        BindState before = last.put(s.key(), s.state());
                        if (s.state() == BindState.EJECTED && before != BindState.EJECTED) {
                            ejections.computeIfAbsent(s.key(), k -> new ArrayList<>()).add(System.nanoTime());
                        }
                    }
                    Thread.sleep(10);
                }
                return null;
            }));

            long deadline = System.nanoTime() + RUN.toNanos();
            while (System.nanoTime() < deadline - Duration.ofSeconds(8).toNanos()) {
                Node replica = cluster.replica(1 + random.nextInt(cluster.replicas().size()));
                switch (random.nextInt(3)) {
                    case 0 -> {
                        long at = System.nanoTime();
                        cluster.kill(replica);
                        Thread.sleep(1_500 + random.nextInt(1_500));
                        cluster.start(replica);
                        kills.add(new Kill(replica.name(), at, System.nanoTime()));
                        awaitUp(binds, replica.name(), Duration.ofSeconds(15));
                    }
                    case 1 -> {
                        cluster.pauseReplay(replica);
                        Thread.sleep(1_000 + random.nextInt(1_500));
                        cluster.resumeReplay(replica);
                    }
                    default -> saturate(binds.dataSource(replica.name()), binds.config(replica.name()).poolSize(),
                            Duration.ofMillis(1_500 + random.nextInt(1_000)));
                }
                Thread.sleep(300 + random.nextInt(700));
            }
            while (System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            running.set(false);
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
            pool.shutdown();
            cluster.heal();

            // what the database holds
            Set<Long> rows = new HashSet<>();
            long rowCount;
            try (Connection c = cluster.connect(cluster.primary()); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("select id from chaos")) {
                    while (rs.next()) {
                        rows.add(rs.getLong(1));
                    }
                }
                try (ResultSet rs = s.executeQuery("select count(*) from chaos")) {
                    rs.next();
                    rowCount = rs.getLong(1);
                }
            }

            List<Read> failed = reads.stream().filter(Read::failed).toList();
            List<Read> unexplained = failed.stream().filter(f -> !inFlightAtAKill(f, kills, reads)).toList();
            List<String> liveEjections = new ArrayList<>();
            ejections.forEach((node, times) -> times.stream().filter(t -> !duringADeadPeriod(node, t, kills))
                    .forEach(t -> liveEjections.add(node + " at +" + TimeUnit.NANOSECONDS.toMillis(t - deadline + RUN.toNanos()) + " ms")));
            Map<String, Long> readsByBind = new HashMap<>();
            reads.stream().filter(r -> !r.failed()).forEach(r -> readsByBind.merge(String.valueOf(r.bind()), 1L, Long::sum));
            long replicaWrites = binds.status().stream().filter(s -> s.role() == dev.bindery.spi.Role.REPLICA)
                    .mapToLong(BindStatus::writes).sum();
            long ignoredTokens = binds.tokens().ignored().values().stream().mapToLong(Long::longValue).sum();
            LOG.info("bad day: {} writes acknowledged of {} attempted, {} write failures; {} reads ({} failed, {} unexplained) by bind {};"
                            + " {} kills, ejections {}, ejections of live replicas {}; {} forged tokens sent, {} ignored; {} rows",
                    acknowledged.size(), attempted.size(), writeFailures.size(), reads.size(), failed.size(), unexplained.size(),
                    readsByBind, kills.size(), ejections, liveEjections, forgedSent.sum(), ignoredTokens, rowCount);

            assertThat(replicaWrites).as("writes routed to a replica").isZero();
            assertThat(writeFailures).as("writes to the healthy primary that failed").isEmpty();
            assertThat(rows).as("every acknowledged write is on the primary").containsAll(acknowledged);
            assertThat(attempted).as("no row that nobody wrote").containsAll(rows);
            assertThat(rowCount).as("no duplicated row").isEqualTo(rows.size());
            assertThat(unexplained).as("failed reads that were not in flight on a replica when it was killed").isEmpty();
            assertThat(liveEjections).as("ejections of a replica that was alive").isEmpty();
            assertThat(ignoredTokens).as("forged tokens ignored").isGreaterThanOrEqualTo(forgedSent.sum());
            assertThat(readsByBind.keySet()).as("reads reached both replicas").contains(cluster.replica(1).name(), cluster.replica(2).name());
            awaitNoActiveConnections(binds, Duration.ofSeconds(10));
        }
    }

    private static Read read(Binds binds, CausalToken token, ThreadLocal<String> lastBind) {
        long start = System.nanoTime();
        lastBind.remove();
        try (BindScope s = BindContext.after(token)) {
            binds.withReadConnection(Binds.DEFAULT, c -> ClusterBinds.count(c, "select count(*) from chaos"));
            return new Read(start, System.nanoTime(), lastBind.get(), false, null);
        } catch (Exception e) {
            return new Read(start, System.nanoTime(), lastBind.get(), true, e.toString());
        }
    }

    /**
     * A failed read is explained when it ran on a replica that was killed while it was in flight, or started before the
     * first failure that the kill caused was seen (only then can Bindery know the replica is gone).
     */
    private static boolean inFlightAtAKill(Read f, List<Kill> kills, ConcurrentLinkedQueue<Read> reads) {
        for (Kill k : kills) {
            if (!k.node().equals(f.bind()) || f.end() < k.at() || f.start() > k.restartedAt()) {
                continue;
            }
            long firstFailureSeen = reads.stream().filter(r -> r.failed() && k.node().equals(r.bind()) && r.end() >= k.at())
                    .mapToLong(Read::end).min().orElse(Long.MAX_VALUE);
            if (f.start() <= k.at() || f.start() <= firstFailureSeen) {
                return true;
            }
        }
        return false;
    }

    /** From a kill until the replica had time to be readmitted after its restart. */
    private static boolean duringADeadPeriod(String node, long at, List<Kill> kills) {
        return kills.stream().anyMatch(k -> k.node().equals(node) && at >= k.at()
                && at <= k.restartedAt() + Duration.ofSeconds(2).toNanos());
    }

    /** Holds every connection of a replica's pool for {@code duration}, as a load spike would. */
    private static void saturate(DataSource replica, int poolSize, Duration duration) throws Exception {
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < poolSize; i++) {
                held.add(replica.getConnection());
            }
            Thread.sleep(duration.toMillis());
        } catch (java.sql.SQLException e) {
            LOG.info("saturating stopped early: {}", e.toString());
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
    }

    private static void awaitUp(Binds binds, String key, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (binds.status(key).state() != BindState.UP && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    private static void awaitNoActiveConnections(Binds binds, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> busy;
        do {
            busy = binds.status().stream().filter(s -> s.pool().active() > 0).map(s -> s.key() + "=" + s.pool().active()).toList();
            if (busy.isEmpty()) {
                return;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        assertThat(busy).as("pools with active connections after the run").isEmpty();
    }
}
