package dev.bindery.ha;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bindery.Binds;
import dev.bindery.SplitBrainException;
import dev.bindery.status.GroupStatus;
import dev.bindery.test.MariaDbCluster;
import dev.bindery.test.MariaDbReplication;
import dev.bindery.test.Node;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MariaDB primary with two GTID replicas under 4 writer and 4 reader threads: the primary is killed, the most
 * advanced replica is promoted by hand ({@code STOP SLAVE}, {@code RESET SLAVE ALL}, {@code read_only=0}), and the same {@link Binds}
 * follows it. The old primary then comes back writable: with two writable members and no timelines to tell them apart,
 * writes are refused as split-brain, never guessed, until it is stopped again. It receives no write.
 */
@MariaDbReplication(replicas = 2)
class MariaDbPromotionFollowTest {
    private static final Logger LOG = LoggerFactory.getLogger(MariaDbPromotionFollowTest.class);
    private static final Duration CHECK = Duration.ofMillis(200);

    @Test
    void writesFollowAPromotedReplicaAndNeverReachTheOldPrimary(MariaDbCluster db) throws Exception {
        Node old = db.primary();
        try (Connection c = db.connect(old); Statement s = c.createStatement()) {
            s.execute("create table ha_load (id bigint primary key, writer int not null)");
        }
        db.awaitCaughtUp(Duration.ofSeconds(30));
        try (Binds binds = MariaDbFollow.binds(db, CHECK)) {
            FailoverLoad load = FailoverLoad.start(binds, Binds.DEFAULT, "ha_load", "select @@port", 4, 4);
            load.awaitMoreAcks(50, Duration.ofSeconds(20));
            Instant before = Instant.now();
            long killedAt = System.nanoTime();
            db.kill(old);
            long lastIdBeforeKill = load.lastAttemptedId();
            Node candidate = mostAdvanced(db);        // asynchronous: the other replica may have received more
            Node other = db.replicas().stream().filter(r -> !r.name().equals(candidate.name())).findFirst().orElseThrow();
            WritableWatch watch = WritableWatch.start(List.of(candidate), db::connectAsRoot, WritableWatch.MARIADB);
            Node promoted = db.promote(candidate);
            long promotedAt = watch.firstWritable(promoted);
            load.awaitMoreAcks(50, Duration.ofSeconds(20));
            GroupStatus followed = binds.groupStatus(Binds.DEFAULT);

            db.start(old);                                            // back, writable: two writable members
            long splitAt = System.nanoTime();
            SplitBrainException refused = awaitSplitBrainRefusal(load, splitAt, Duration.ofSeconds(10));
            Set<Long> onOld = rows(db, old, true);
            long stoppedAt = System.nanoTime();
            db.stop(old);                  // the operator's fix; rejoin(old) would fail if a write was lost with it
            load.awaitMoreAcks(50, Duration.ofSeconds(20));
            load.close();

            long firstOnNew = load.firstAckOn(promoted.port(), killedAt).orElse(Long.MAX_VALUE);
            db.awaitCaughtUp(Duration.ofSeconds(30));
            Set<Long> onPromoted = rows(db, promoted, false);
            Set<Long> lost = new HashSet<>();
            load.acks().stream().filter(a -> !onPromoted.contains(a.id())).forEach(a -> lost.add(a.id()));
            OptionalLong firstAfterStop = load.firstAckOn(promoted.port(), stoppedAt);
            List<FailoverLoad.Failure> splitFailures = load.writeFailures().stream()
                    .filter(f -> f.error() instanceof SplitBrainException).toList();
            LOG.info("MariaDB primary killed, {} writable {} ms later; kill to first write on it {} ms, promotion to first"
                            + " write {} ms; old primary back writable: writes refused as split-brain {} times, resumed {} ms"
                            + " after it was told to stop again; {} acknowledged writes lost with it {}; {} writes acknowledged, {} failed {}; {} reads, {} failed {}; rows on the old"
                            + " primary {}, none after the kill",
                    promoted.name(), ms(promotedAt - killedAt), ms(firstOnNew - killedAt), ms(firstOnNew - promotedAt), splitFailures.size(),
                    firstAfterStop.isPresent() ? ms(firstAfterStop.getAsLong() - stoppedAt) : "never", lost.size(), lost,
                    load.acks().size(), load.writeFailures().size(), FailoverLoad.summary(load.writeFailures()), load.reads(),
                    load.readFailures().size(), FailoverLoad.summary(load.readFailures()), onOld.size());

            assertThat(onOld).as("rows on the old primary: none written after it was killed")
                    .isNotEmpty().allMatch(id -> id <= lastIdBeforeKill);
            assertThat(load.acks()).as("writes acknowledged by a node other than the primary of the moment")
                    .allMatch(a -> a.port() == old.port() && a.id() <= lastIdBeforeKill
                            || a.port() == promoted.port() && a.at() >= killedAt);
            assertThat(firstOnNew - promotedAt).as("promotion to the first write on the promoted replica (ns)")
                    .isLessThan(FailoverLoad.FOLLOWED_WITHIN.toNanos());
            assertThat(followed.primary()).isEqualTo(promoted.name());
            assertThat(followed.failovers()).isEqualTo(1);
            assertThat(followed.lastFailover()).isAfterOrEqualTo(before);
            assertThat(refused.getMessage()).contains("'default'").contains("'" + promoted.name() + "'");
            assertThat(firstAfterStop).as("writes resume once the old primary is stopped").isPresent();
            assertThat(lost).as("acknowledged writes missing on the promoted replica: only ones the old primary took")
                    .allMatch(id -> load.acks().stream().anyMatch(a -> a.id() == id && a.port() == old.port()));
            PatroniBinds.assertEveryFailureIsNamed(load.writeFailures().stream()
                    .filter(f -> !(f.error() instanceof SplitBrainException)).toList());
            assertThat(splitFailures).as("split-brain refusals only while both members were writable")
                    .allMatch(f -> f.at() >= splitAt && f.at() <= stoppedAt + FailoverLoad.FOLLOWED_WITHIN.toNanos());
            assertThat(binds.groupStatus(Binds.DEFAULT).splitBrainRefusals()).isEqualTo(splitFailures.size());

            Set<Long> acknowledged = new HashSet<>();
            load.acks().forEach(a -> acknowledged.add(a.id()));
            acknowledged.removeAll(lost);
            for (Node node : List.of(promoted, other)) {
                Set<Long> rows = rows(db, node, false);
                assertThat(rows).as("rows on " + node.name()).containsAll(acknowledged);
                assertThat(load.attempted()).as("rows on " + node.name() + " that nobody wrote").containsAll(rows);
            }
        }
    }

    /**
     * The replica that applied the most of the dead primary's transactions, once both applied what they received, as
     * an operator (or MaxScale, orchestrator) picks it: the other can then follow it.
     */
    private static Node mostAdvanced(MariaDbCluster db) throws InterruptedException {
        Thread.sleep(500);
        return db.replicas().stream().max(java.util.Comparator.comparingLong(r -> sequence(db.gtidPosition(r)))).orElseThrow();
    }

    private static long sequence(String gtid) {
        return gtid == null || gtid.isBlank() ? 0 : Long.parseLong(gtid.substring(gtid.lastIndexOf('-') + 1).split(",")[0]);
    }

    /** Waits until a write is refused as split-brain after {@code since}, and returns that refusal. */
    private static SplitBrainException awaitSplitBrainRefusal(FailoverLoad load, long since, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (FailoverLoad.Failure f : load.writeFailures()) {
                if (f.at() >= since && f.error() instanceof SplitBrainException refused) {
                    return refused;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no write was refused as split-brain within " + timeout + "; failures: "
                + FailoverLoad.summary(load.writeFailures()));
    }

    private static Set<Long> rows(MariaDbCluster db, Node node, boolean asRoot) throws SQLException {
        Set<Long> rows = new HashSet<>();
        try (Connection c = asRoot ? db.connectAsRoot(node) : db.connect(node); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select id from " + (asRoot ? db.database() + "." : "") + "ha_load")) {
            while (rs.next()) {
                rows.add(rs.getLong(1));
            }
        }
        return rows;
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
