package dev.bindery.groups;

import dev.bindery.BindContext;
import dev.bindery.BindScope;
import dev.bindery.status.BindState;
import dev.bindery.status.BindStatus;
import dev.bindery.Binds;
import dev.bindery.hibernate.Database;
import dev.bindery.hibernate.RoutingSession;
import dev.bindery.test.ReplicatedDatabase;
import dev.bindery.test.Node;
import dev.bindery.test.PostgresReplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replica killed with SIGKILL under 4 reader threads is ejected by the first read that fails on it, whatever the
 * path: only reads in flight at the kill may fail, none after the first failure, and no new read goes to it. The
 * health checks are slowed to 10 minutes, so only real work can eject it.
 */
@PostgresReplication(replicas = 2, isolated = true)
class DeadReplicaTest {
    private static final Logger LOG = LoggerFactory.getLogger(DeadReplicaTest.class);
    private static final String READ = "select inet_server_port() from pg_sleep(0.01)";

    private ReplicatedDatabase cluster;

    @BeforeAll
    static void createTable(ReplicatedDatabase cluster) throws SQLException {
        ClusterBinds.execute(cluster, "create table if not exists item (id int primary key, name text)");
        cluster.awaitCaughtUp(Duration.ofSeconds(30));
    }

    @AfterEach
    void restartTheVictim() {
        if (cluster != null) {
            cluster.heal();
        }
    }

    /** One read: when it started and ended, and whether it failed. */
    private record Read(long start, long end, boolean failed, int port) {
    }

    /** How one read runs on some path. */
    @FunctionalInterface
    private interface Reader {
        int read(Binds binds) throws Exception;
    }

    private record Outcome(List<Read> reads, long killedAt, long killReturnedAt, List<Long> victimRoutes) {
        List<Read> failed() {
            return reads.stream().filter(Read::failed).toList();
        }
    }

    private Outcome readWhileKilling(ReplicatedDatabase cluster, Binds binds, Node victim, ConcurrentLinkedQueue<Long> victimRoutes,
                                     Reader reader) throws Exception {
        this.cluster = cluster;
        ConcurrentLinkedQueue<Read> reads = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService readers = Executors.newFixedThreadPool(4);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            futures.add(readers.submit(() -> {
                while (running.get()) {
                    long start = System.nanoTime();
                    try {
                        int port = reader.read(binds);
                        reads.add(new Read(start, System.nanoTime(), false, port));
                    } catch (Exception e) {
                        reads.add(new Read(start, System.nanoTime(), true, -1));
                        LOG.info("read failed: {}", e.toString());
                    }
                }
                return null;
            }));
        }
        Thread.sleep(1_000);
        long killedAt = System.nanoTime();
        cluster.kill(victim);
        long killReturnedAt = System.nanoTime();
        Thread.sleep(1_500);
        running.set(false);
        for (Future<?> f : futures) {
            f.get();
        }
        readers.shutdown();
        return new Outcome(List.copyOf(reads), killedAt, killReturnedAt, List.copyOf(victimRoutes));
    }

    private Binds.Builder binds(ReplicatedDatabase cluster, Node victim, ConcurrentLinkedQueue<Long> victimRoutes) {
        return ClusterBinds.builder(cluster, o -> o.healthCheckInterval(Duration.ofMinutes(10)))
                .onRoute(r -> {
                    if (r.bind().equals(victim.name())) {
                        victimRoutes.add(System.nanoTime());
                    }
                });
    }

    private void assertOnlyInFlightReadsFailed(String path, Binds binds, Node victim, Outcome o) {
        List<Read> failed = o.failed();
        long firstFailureEnd = failed.stream().mapToLong(Read::end).min().orElse(o.killReturnedAt());
        long inFlightAtKill = o.reads().stream().filter(r -> r.start() < o.killedAt() && r.end() >= o.killedAt()).count();
        long failedDuringKill = failed.stream().filter(r -> r.start() >= o.killedAt() && r.start() < o.killReturnedAt()).count();
        long failedAfterKill = failed.stream().filter(r -> r.start() >= o.killReturnedAt()).count();
        long killMillis = (o.killReturnedAt() - o.killedAt()) / 1_000_000;
        long failedAfterFirstFailure = failed.stream().filter(r -> r.start() > firstFailureEnd).count();
        long routesAfterFirstFailure = o.victimRoutes().stream().filter(t -> t > firstFailureEnd).count();
        long readsAfterKill = o.reads().stream().filter(r -> r.start() > o.killReturnedAt()).count();
        long onVictimAfterKill = o.reads().stream().filter(r -> r.start() > o.killReturnedAt() && !r.failed()
                && r.port() == victim.port()).count();
        BindStatus status = binds.status(victim.name());
        LOG.info("{}: {} reads, {} failed ({} started while the kill ran for {} ms, {} after it), {} in flight when it began, "
                        + "{} reads after it; after the first failure: {} failed, {} routed to the killed replica; its state {}, "
                        + "ejections {}, retries {}",
                path, o.reads().size(), failed.size(), failedDuringKill, killMillis, failedAfterKill, inFlightAtKill, readsAfterKill,
                failedAfterFirstFailure, routesAfterFirstFailure, status.state(), status.ejections(), status.retries());
        assertThat(failed.size()).as("only reads in flight at the kill fail").isLessThanOrEqualTo((int) inFlightAtKill);
        assertThat(failedAfterFirstFailure).as("no read fails after the first failure").isZero();
        assertThat(routesAfterFirstFailure).as("no read is sent to the killed replica after the first failure").isZero();
        assertThat(onVictimAfterKill).isZero();
        assertThat(readsAfterKill).isPositive();
        assertThat(status.state()).isEqualTo(BindState.EJECTED);
        assertThat(status.ejections()).isEqualTo(1);
        for (String key : binds.keys()) {
            if (!key.equals(victim.name())) {
                assertThat(binds.poolStats(key).active()).as(key).isZero();
            }
        }
    }

    @Test
    void aReplicaKilledUnderRoutingDataSourceReadsIsEjectedByTheFirstFailedRead(ReplicatedDatabase cluster) throws Exception {
        Node victim = cluster.replica(1);
        ConcurrentLinkedQueue<Long> victimRoutes = new ConcurrentLinkedQueue<>();
        try (Binds binds = binds(cluster, victim, victimRoutes).build()) {
            Outcome o = readWhileKilling(cluster, binds, victim, victimRoutes, b -> {
                try (BindScope s = BindContext.readOnly(); Connection c = b.routingDataSource().getConnection();
                     Statement st = c.createStatement(); ResultSet rs = st.executeQuery(READ)) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertOnlyInFlightReadsFailed("RoutingDataSource", binds, victim, o);
            assertThat(o.failed()).as("a connection handed out before the kill fails in use: the read is not rerun").isNotEmpty();
        }
    }

    @Test
    void aReplicaKilledUnderWithReadConnectionFailsNoReadAndIsEjectedAtOnce(ReplicatedDatabase cluster) throws Exception {
        Node victim = cluster.replica(1);
        ConcurrentLinkedQueue<Long> victimRoutes = new ConcurrentLinkedQueue<>();
        try (Binds binds = binds(cluster, victim, victimRoutes).build()) {
            Outcome o = readWhileKilling(cluster, binds, victim, victimRoutes,
                    b -> b.withReadConnection(Binds.DEFAULT, c -> {
                        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(READ)) {
                            rs.next();
                            return rs.getInt(1);
                        }
                    }));
            assertOnlyInFlightReadsFailed("withReadConnection", binds, victim, o);
            assertThat(o.failed()).as("reads in flight on the killed replica run once more elsewhere").isEmpty();
            assertThat(binds.status(victim.name()).retries()).isPositive();
        }
    }

    @Test
    void aReplicaKilledUnderRoutingSessionQueriesIsEjectedByTheFirstFailedQuery(ReplicatedDatabase cluster) throws Exception {
        Node victim = cluster.replica(1);
        ConcurrentLinkedQueue<Long> victimRoutes = new ConcurrentLinkedQueue<>();
        try (Binds binds = binds(cluster, victim, victimRoutes).build();
             Database db = Database.builder(binds).entities(Item.class).build()) {
            Outcome o = readWhileKilling(cluster, binds, victim, victimRoutes, b -> {
                try (RoutingSession s = db.openReadOnlySession()) {
                    // the query is handed back first and run afterwards, as an application does
                    org.hibernate.query.SelectionQuery<Long> q = s.createSelectionQuery("select count(i) from Item i", Long.class);
                    String bind = s.lastRoute().bind();
                    q.getSingleResult();
                    return cluster.node(bind).port();
                }
            });
            assertOnlyInFlightReadsFailed("RoutingSession queries", binds, victim, o);
        }
    }
}
