package dev.bindery.groups;

import dev.bindery.spi.Access;
import dev.bindery.status.BindState;
import dev.bindery.spi.Route;
import dev.bindery.BindUnavailableException;
import dev.bindery.Binds;
import dev.bindery.test.ReplicatedDatabase;
import dev.bindery.test.Node;
import dev.bindery.test.PostgresReplication;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Replicas that die, lag, or lose their primary: reads keep working, writes fail fast, nothing is misrouted. */
@PostgresReplication(replicas = 2, isolated = true)
class ReplicaFaultsTest {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaFaultsTest.class);

    @BeforeAll
    static void createTable(ReplicatedDatabase cluster) throws SQLException {
        ClusterBinds.execute(cluster, "create table item (id int primary key, name text)");
        cluster.awaitCaughtUp(Duration.ofSeconds(30));
    }

    @Test
    void aKilledReplicaIsEjectedWithoutFailingAReadAndReadmittedOnceBack(ReplicatedDatabase cluster) throws Exception {
        Node victim = cluster.replica(1);
        ConcurrentLinkedQueue<long[]> victimRoutes = new ConcurrentLinkedQueue<>();
        try (Binds binds = ClusterBinds.builder(cluster, o -> o.ejectAfterFailures(1).readmitAfterSuccesses(2))
                .onRoute(r -> {
                    if (r.bind().equals(victim.name())) {
                        victimRoutes.add(new long[]{System.nanoTime()});
                    }
                }).build()) {
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger reads = new AtomicInteger();
            AtomicInteger failures = new AtomicInteger();
            ExecutorService readers = Executors.newFixedThreadPool(4);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(readers.submit(() -> {
                    while (running.get()) {
                        try {
                            binds.withReadConnection(Binds.DEFAULT, c -> ClusterBinds.count(c, "select count(*) from item"));
                            reads.incrementAndGet();
                        } catch (Exception e) {
                            failures.incrementAndGet();
                            LOG.warn("read failed", e);
                        }
                    }
                    return null;
                }));
            }
            Thread.sleep(3_000);
            long killedAt = System.nanoTime();
            cluster.kill(victim);
            Thread.sleep(3_000);
            long restartAt = System.nanoTime();
            cluster.start(victim);
            Thread.sleep(6_000);
            running.set(false);
            for (Future<?> f : futures) {
                f.get();
            }
            readers.shutdown();

            long lastRouteAfterKill = victimRoutes.stream().mapToLong(a -> a[0]).filter(t -> t > killedAt && t < restartAt)
                    .max().orElse(killedAt);
            long ejectedWithinMillis = (lastRouteAfterKill - killedAt) / 1_000_000;
            long routesAfterReturn = victimRoutes.stream().mapToLong(a -> a[0]).filter(t -> t > restartAt).count();
            LOG.info("kill test: {} reads, {} failed, last new work on the killed replica {} ms after the kill, {} reads after its return",
                    reads.get(), failures.get(), ejectedWithinMillis, routesAfterReturn);
            assertThat(failures.get()).isZero();
            assertThat(reads.get()).isPositive();
            assertThat(ejectedWithinMillis).isLessThanOrEqualTo(1_000);
            assertThat(routesAfterReturn).as("re-admitted after it came back and caught up").isPositive();
            assertThat(binds.status(victim.name()).state()).isEqualTo(BindState.UP);
            for (String key : binds.keys()) {
                assertThat(binds.poolStats(key).active()).as(key).isZero();
            }
        }
    }

    @Test
    void aReplicaOverItsLagBoundGetsNoReadsUntilItCatchesUp(ReplicatedDatabase cluster) throws Exception {
        Node lagging = cluster.replica(1);
        Binds.Builder b = Binds.builder().bind(Binds.DEFAULT, o -> o.url(cluster.jdbcUrl())
                        .healthCheckInterval(Duration.ofMinutes(10)))
                .bind("replica-1", o -> o.url(cluster.jdbcUrl(lagging)).replicaOf(Binds.DEFAULT).maxReplicationLagBytes(0))
                .bind("replica-2", o -> o.url(cluster.jdbcUrl(cluster.replica(2))).replicaOf(Binds.DEFAULT));
        try (Binds binds = b.build()) {
            binds.router().route(Binds.DEFAULT, Access.READ);
            cluster.pauseReplay(lagging);
            try {
                ClusterBinds.execute(cluster, "insert into item select g, 'lag' from generate_series(1000, 1100) g");
                cluster.awaitCaughtUp(cluster.replica(2), Duration.ofSeconds(30));
                binds.checkNow(Binds.DEFAULT);
                assertThat(binds.status("replica-1").state()).isEqualTo(BindState.LAGGING);
                assertThat(binds.status("replica-1").lagBytes()).isPositive();
                long before = binds.status("replica-1").reads();
                for (int i = 0; i < 200; i++) {
                    Route r = binds.router().route(Binds.DEFAULT, Access.READ);
                    assertThat(r.bind()).isEqualTo("replica-2");
                }
                assertThat(binds.status("replica-1").reads()).isEqualTo(before);
            } finally {
                cluster.resumeReplay(lagging);
            }
            cluster.awaitCaughtUp(lagging, Duration.ofSeconds(30));
            binds.checkNow(Binds.DEFAULT);
            assertThat(binds.status("replica-1").state()).isEqualTo(BindState.UP);
            List<String> chosen = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                chosen.add(binds.router().route(Binds.DEFAULT, Access.READ).bind());
            }
            assertThat(chosen).contains("replica-1");
        }
    }

    @Test
    void withThePrimaryStoppedWritesFailFastAndReadsGoOn(ReplicatedDatabase cluster) throws Exception {
        try (Binds binds = ClusterBinds.builder(cluster, o -> o.healthCheckInterval(Duration.ofMinutes(10))
                .ejectAfterFailures(1).readmitAfterSuccesses(1)).build()) {
            binds.router().route(Binds.DEFAULT, Access.READ);
            long rowsBefore = binds.withReadConnection(Binds.DEFAULT, c -> ClusterBinds.count(c, "select count(*) from item"));
            cluster.stop(cluster.primary());
            try {
                binds.checkNow(Binds.DEFAULT);
                assertThat(binds.status(Binds.DEFAULT).state()).isEqualTo(BindState.DOWN);
                long start = System.nanoTime();
                assertThatThrownBy(() -> binds.router().route(Binds.DEFAULT, Access.WRITE))
                        .isInstanceOf(BindUnavailableException.class)
                        .hasMessageContaining("Bind 'default' (primary of group 'default') is down")
                        .hasMessageContaining("never redirected to a replica");
                LOG.info("write refused {} us after the request with the primary down", (System.nanoTime() - start) / 1000);
                for (int i = 0; i < 50; i++) {
                    long rows = binds.withReadConnection(Binds.DEFAULT, c -> ClusterBinds.count(c, "select count(*) from item"));
                    assertThat(rows).isEqualTo(rowsBefore);
                }
            } finally {
                cluster.start(cluster.primary());
            }
            binds.checkNow(Binds.DEFAULT);
            assertThat(binds.status(Binds.DEFAULT).state()).isEqualTo(BindState.UP);
            assertThat(binds.router().route(Binds.DEFAULT, Access.WRITE).bind()).isEqualTo(Binds.DEFAULT);
            try (Connection c = binds.dataSource(Binds.DEFAULT).getConnection(); Statement s = c.createStatement()) {
                assertThat(s.executeUpdate("insert into item values (5000, 'after the primary returned')")).isEqualTo(1);
            }
        }
    }

    @Test
    void replicasAddedAndRemovedUnderLoadFailNoRead(ReplicatedDatabase cluster) throws Exception {
        Binds.Builder b = Binds.builder().bind(Binds.DEFAULT, o -> o.url(cluster.jdbcUrl()).healthCheckInterval(Duration.ofMillis(200)))
                .bind("replica-1", o -> o.url(cluster.jdbcUrl(cluster.replica(1))).replicaOf(Binds.DEFAULT));
        try (Binds binds = b.build()) {
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger failures = new AtomicInteger();
            AtomicLong onSecond = new AtomicLong();
            int secondPort = cluster.replica(2).port();
            ExecutorService readers = Executors.newFixedThreadPool(2);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                futures.add(readers.submit(() -> {
                    while (running.get()) {
                        try {
                            if (binds.withReadConnection(Binds.DEFAULT, ClusterBinds::serverPort) == secondPort) {
                                onSecond.incrementAndGet();
                            }
                        } catch (Exception e) {
                            failures.incrementAndGet();
                        }
                    }
                }));
            }
            Thread.sleep(500);
            binds.addReplica("replica-2", o -> o.url(cluster.jdbcUrl(cluster.replica(2))).replicaOf(Binds.DEFAULT));
            Thread.sleep(1_000);
            binds.removeReplica("replica-1");
            Thread.sleep(1_000);
            running.set(false);
            for (Future<?> f : futures) {
                f.get();
            }
            readers.shutdown();
            assertThat(failures.get()).isZero();
            assertThat(onSecond.get()).isPositive();
            assertThat(binds.keys()).containsExactly("default", "replica-2");
            assertThat(binds.replicas(Binds.DEFAULT)).containsExactly("replica-2");
        }
    }
}
