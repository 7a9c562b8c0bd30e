package dev.bindery.failover;

import dev.bindery.BindContext;
import dev.bindery.BindScope;
import dev.bindery.BinderyException;
import dev.bindery.Binds;
import dev.bindery.CausalToken;
import dev.bindery.spi.Access;
import dev.bindery.spi.Role;
import dev.bindery.spi.Route;
import dev.bindery.status.BindState;
import dev.bindery.status.GroupStatus;
import dev.bindery.test.Node;
import dev.bindery.test.PostgresCluster;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The primary of a {@code failover=follow} group is killed under 4 writer and 4 reader threads and a replica promoted
 * with {@code pg_promote()}, as an HA manager would. Bindery follows it without a restart: writes resume on the new
 * primary, every failed write is a named Bindery exception, no write reaches a node in recovery or the old primary,
 * reads keep succeeding, and the old primary restarted writable next to the new one is fenced. With a synchronous
 * standby ({@code remote_apply}) no acknowledged write is lost; with asynchronous replication the lost ones are listed
 * and every token of a lost write is sent to the new primary and counted. Each run uses a cluster of its own.
 */
class PromotionUnderLoadTest {
    private static final Logger LOG = LoggerFactory.getLogger(PromotionUnderLoadTest.class);
    static final long INTERVAL_MS = 200;

    /** One acknowledged write: its id, the port of the server that committed it, when, and its causal token. */
    private record Ack(long id, int port, long at, CausalToken token) {
    }

    /** What a run saw. */
    private record Run(List<Ack> acks, Map<String, Long> failedWrites, long reads, long failedReads, long killedAt,
                       long promotedAt, java.time.Instant promotedInstant, long lastIdBeforeKill, long roundsAtPromotion, Set<Integer> readPorts) {
        Ack firstOn(int port, long after) {
            return acks.stream().filter(a -> a.port() == port && a.at() >= after).min((x, y) -> Long.compare(x.at(), y.at()))
                    .orElse(null);
        }
    }

    @Test
    void withASynchronousStandbyNoAcknowledgedWriteIsLost() throws Exception {
        try (PostgresCluster cluster = PostgresCluster.builder().name("promote-sync").replicas(2).start()) {
            FailoverFixture.createTable(cluster);
            cluster.synchronousStandby(cluster.replica(1));
            try (Binds binds = FailoverFixture.binds(cluster, INTERVAL_MS)) {
                Run run = killAndPromote(cluster, binds);
                Node newPrimary = cluster.replica(1);
                Set<Long> onNew = FailoverFixture.ids(cluster, newPrimary);
                List<Long> lost = run.acks().stream().map(Ack::id).filter(id -> !onNew.contains(id)).toList();
                report("sync (remote_apply)", cluster, binds, run, lost);
                assertThat(lost).as("acknowledged writes missing on the new primary").isEmpty();
                assertCommonOutcomes(cluster, binds, run);
            }
        }
    }

    @Test
    void withAsynchronousReplicationLostWritesAreListedAndTheirTokensGoToTheNewPrimary() throws Exception {
        try (PostgresCluster cluster = PostgresCluster.builder().name("promote-async").replicas(2).start()) {
            FailoverFixture.createTable(cluster);
            try (Binds binds = FailoverFixture.binds(cluster, INTERVAL_MS)) {
                Run run = killAndPromote(cluster, binds);
                Node newPrimary = cluster.replica(1);
                Set<Long> onNew = FailoverFixture.ids(cluster, newPrimary);
                List<Ack> lost = run.acks().stream().filter(a -> !onNew.contains(a.id())).toList();
                report("async", cluster, binds, run, lost.stream().map(Ack::id).toList());
                assertThat(lost).as("only writes the old primary acknowledged can be lost")
                        .allSatisfy(a -> assertThat(a.port()).isEqualTo(cluster.primary().port()));

                // The token rule: a token past the point where timeline 1 ended asks for writes the failover lost; it
                // goes to the new primary and is counted. Every lost write's token is past it; a token of a kept write
                // can be too, when other writers' lost commits came before it.
                long switchpoint = FailoverFixture.switchpoint(cluster, newPrimary, 1);
                long lostBefore = binds.groupStatus(Binds.DEFAULT).lostTimelineTokens();
                long pastSwitch = 0;
                for (Ack a : run.acks()) {
                    if (a.token() == null || a.token().timeline(Binds.DEFAULT) != 1) {
                        continue;
                    }
                    boolean past = a.token().position(Binds.DEFAULT) > switchpoint;
                    if (lost.contains(a)) {
                        assertThat(past).as("token %s of lost write %s is past the switchpoint %s", a.token(), a.id(),
                                Long.toHexString(switchpoint)).isTrue();
                    }
                    pastSwitch += past ? 1 : 0;
                    long before = binds.groupStatus(Binds.DEFAULT).lostTimelineTokens();
                    try (BindScope s = BindContext.after(a.token())) {
                        Route r = binds.router().route(Binds.DEFAULT, Access.READ);
                        if (past) {
                            assertThat(r.bind()).as("read with token %s (route %s)", a.token(), r).isEqualTo(newPrimary.name());
                        }
                    }
                    assertThat(binds.groupStatus(Binds.DEFAULT).lostTimelineTokens() - before).as("counted lost: %s", a.token())
                            .isEqualTo(past ? 1 : 0);
                }
                LOG.info("async: switchpoint {}, {} tokens of timeline 1 past it (counted lost), {} lost writes", Long.toHexString(switchpoint),
                        pastSwitch, lost.size());
                assertThat(binds.groupStatus(Binds.DEFAULT).lostTimelineTokens() - lostBefore).isEqualTo(pastSwitch);
                assertCommonOutcomes(cluster, binds, run);
            }
        }
    }

    private static void assertCommonOutcomes(PostgresCluster cluster, Binds binds, Run run) throws Exception {
        Node old = cluster.primary();
        Node promoted = cluster.replica(1);
        Node other = cluster.replica(2);
        GroupStatus group = binds.groupStatus(Binds.DEFAULT);
        assertThat(group.primary()).isEqualTo(promoted.name());
        io.micrometer.core.instrument.simple.SimpleMeterRegistry registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        new dev.bindery.micrometer.BinderyMetrics(binds).bindTo(registry);
        assertThat(registry.get("bindery.group.failovers").tag("group", Binds.DEFAULT).functionCounter().count()).isEqualTo(1);
        assertThat(registry.get("bindery.group.timeline").gauge().value()).isEqualTo(2);
        assertThat(registry.get("bindery.group.last.failover").gauge().value()).isPositive();
        assertThat(registry.get("bindery.bind.primary").tag("bind", promoted.name()).gauge().value()).isEqualTo(1);
        assertThat(registry.get("bindery.bind.primary").tag("bind", Binds.DEFAULT).gauge().value()).isZero();
        assertThat(group.failovers()).isEqualTo(1);
        assertThat(group.lastFailover()).isNotNull();
        assertThat(group.timeline()).isEqualTo(2);
        assertThat(binds.status(promoted.name()).role()).isEqualTo(Role.PRIMARY);

        Ack first = run.firstOn(promoted.port(), run.killedAt());
        assertThat(first).as("a write succeeded on the new primary").isNotNull();
        long rounds = binds.groupStatus(Binds.DEFAULT).roleChecks();
        assertThat(run.failedWrites().keySet()).as("every failed write is a named Bindery exception")
                .allSatisfy(type -> assertThat(type).startsWith("dev.bindery."));
        assertThat(run.acks()).as("writes were committed only by the old primary before the kill and the new one after")
                .allSatisfy(a -> assertThat(a.port() == old.port() && a.at() < run.killedAt()
                        || a.port() == promoted.port() && a.at() > run.killedAt()).isTrue());
        assertThat(run.acks()).noneMatch(a -> a.port() == other.port());
        assertThat(binds.status(other.name()).writes()).isZero();
        assertThat(run.failedReads()).as("reads keep succeeding").isZero();
        assertThat(run.reads()).isPositive();
        assertThat(rounds).isGreaterThan(run.roundsAtPromotion());

        // the old primary comes back writable on its old timeline: fenced, it gets no write
        cluster.startWritable(old);
        binds.checkNow(Binds.DEFAULT);
        assertThat(binds.status(Binds.DEFAULT).state()).isEqualTo(BindState.FENCED);
        for (int i = 0; i < 50; i++) {
            long id = 10_000_000 + i;
            int port = binds.withWriteConnection(Binds.DEFAULT, c -> FailoverFixture.insert(c, id, 99));
            assertThat(port).isEqualTo(promoted.port());
        }
        Set<Long> onOld = FailoverFixture.ids(cluster, old);
        assertThat(onOld).as("the old primary holds no write made after it was killed")
                .allSatisfy(id -> assertThat(id).isLessThanOrEqualTo(run.lastIdBeforeKill()));
        assertThat(binds.groupStatus(Binds.DEFAULT).primary()).isEqualTo(promoted.name());
    }

    private static Run killAndPromote(PostgresCluster cluster, Binds binds) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong ids = new AtomicLong();
        ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
        Map<String, Long> failedWrites = new ConcurrentHashMap<>();
        AtomicLong reads = new AtomicLong();
        AtomicLong failedReads = new AtomicLong();
        Set<Integer> readPorts = ConcurrentHashMap.newKeySet();
        binds.withWriteConnection(Binds.DEFAULT, c -> FailoverFixture.insert(c, 0, -1));   // starts the checks
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> work = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int writer = w;
            work.add(pool.submit(() -> {
                while (running.get()) {
                    long id = ids.incrementAndGet();
                    int port;
                    try {
                        port = binds.withWriteConnection(Binds.DEFAULT, c -> FailoverFixture.insert(c, id, writer));
                    } catch (BinderyException | java.sql.SQLException e) {
                        if (failedWrites.merge(e.getClass().getName(), 1L, Long::sum) == 1) {
                            LOG.info("first {}: {}", e.getClass().getSimpleName(), e.getMessage(), e);
                        }
                        sleepQuietly(5);
                        continue;
                    }
                    long at = System.nanoTime();
                    CausalToken token;
                    try {
                        token = binds.causalToken(Binds.DEFAULT);   // as a web app would, after the commit
                    } catch (BinderyException e) {
                        token = null;
                    }
                    acks.add(new Ack(id, port, at, token));
                }
                return null;
            }));
        }
        for (int r = 0; r < 4; r++) {
            work.add(pool.submit(FailoverFixture.reader(binds, running, reads, failedReads, readPorts)));
        }
        Thread.sleep(1000);
        cluster.kill(cluster.primary());
        long killedAt = System.nanoTime();
        long lastIdBeforeKill = ids.get();
        cluster.promote(cluster.replica(1));
        long promotedAt = System.nanoTime();
        java.time.Instant promotedInstant = java.time.Instant.now();
        long roundsAtPromotion = binds.groupStatus(Binds.DEFAULT).roleChecks();
        cluster.follow(cluster.replica(2), cluster.replica(1));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (acks.stream().noneMatch(a -> a.port() == cluster.replica(1).port()) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        Thread.sleep(1000);
        running.set(false);
        for (Future<?> f : work) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        return new Run(List.copyOf(acks), Map.copyOf(failedWrites), reads.get(), failedReads.get(), killedAt, promotedAt, promotedInstant,
                lastIdBeforeKill, roundsAtPromotion, Set.copyOf(readPorts));
    }

    private static void report(String mode, PostgresCluster cluster, Binds binds, Run run, List<Long> lost) {
        Ack first = run.firstOn(cluster.replica(1).port(), run.killedAt());
        double killToWrite = first == null ? -1 : (first.at() - run.killedAt()) / 1e6;
        double promoteToWrite = first == null ? -1 : (first.at() - run.promotedAt()) / 1e6;
        Map<String, Long> failed = new TreeMap<>(run.failedWrites());
        java.time.Instant seen = binds.groupStatus(Binds.DEFAULT).lastFailover();
        long promotionToFailoverSeen = seen == null ? -1 : java.time.Duration.between(run.promotedInstant(), seen).toMillis();
        LOG.info("FAILOVER-FIGURES mode={} interval={}ms promotionReturnedToFailoverSeen={}ms killToFirstWriteOnNewPrimary={}ms promotionToFirstWrite={}ms "
                        + "({} intervals) acknowledgedWrites={} failedWrites={} reads={} failedReads={} lostAcknowledgedWrites={} {} "
                        + "readPorts={} replica2={}",
                mode, INTERVAL_MS, promotionToFailoverSeen, String.format("%.0f", killToWrite), String.format("%.0f", promoteToWrite),
                String.format("%.1f", promoteToWrite / INTERVAL_MS), run.acks().size(), failed, run.reads(), run.failedReads(),
                lost.size(), new TreeSet<>(lost).stream().limit(20).map(String::valueOf).collect(Collectors.joining(",", "[", "]")),
                run.readPorts(), binds.status(cluster.replica(2).name()).state());
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
