package dev.bindery.ha;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bindery.Binds;
import dev.bindery.test.Node;
import dev.bindery.test.PatroniCluster;
import dev.bindery.test.PatroniReplication;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bindery under a real Patroni cluster (3 PostgreSQL members, etcd), 4 writer and 4 reader threads running: a planned
 * {@code patronictl switchover} and a killed leader are both followed by the same {@link Binds}, with no restart and
 * no reconfiguration. Outcomes are read from the members' rows and from Bindery's status.
 */
@PatroniReplication
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PatroniFailoverTest {
    private static final Logger LOG = LoggerFactory.getLogger(PatroniFailoverTest.class);
    private static final Duration CHECK = Duration.ofMillis(200);

    private static final String PORT = "select inet_server_port()";

    @BeforeAll
    static void createTable(PatroniCluster cluster) throws SQLException {
        try (Connection c = cluster.connect(cluster.leader()); Statement s = c.createStatement()) {
            s.execute("create table ha_switchover (id bigint primary key, writer int not null)");
            s.execute("create table ha_kill (id bigint primary key, writer int not null)");
        }
        cluster.awaitHealthy(Duration.ofSeconds(30));
    }

    @Test
    @Order(1)
    void aSwitchoverUnderLoadFailsNoReadAndWritesResumeOnTheNewLeader(PatroniCluster cluster) throws Exception {
        Node old = cluster.leader();
        try (Binds binds = PatroniBinds.follow(cluster, CHECK)) {
            FailoverLoad load = FailoverLoad.start(binds, Binds.DEFAULT, "ha_switchover", PORT, 4, 4);
            load.awaitMoreAcks(50, Duration.ofSeconds(20));
            Instant before = Instant.now();
            long switchAt = System.nanoTime();
            WritableWatch watch = WritableWatch.start(cluster.replicas(), cluster::connect, WritableWatch.POSTGRES);
            Node leader = cluster.switchover();
            long writableAt = watch.firstWritable(leader);
            load.awaitMoreAcks(50, Duration.ofSeconds(20));
            load.close();

            long lastOnOld = load.lastAckOn(old.port());
            long firstOnNew = load.firstAckOn(leader.port(), switchAt).orElse(Long.MAX_VALUE);
            LOG.info("switchover {} -> {}: new leader writable {} ms after patronictl started; write gap (last ack on the old"
                            + " leader to first on the new) {} ms; new leader writable to its first write {} ms; {} writes"
                            + " acknowledged, {} failed {}; {} reads, {} failed",
                    old.name(), leader.name(), ms(writableAt - switchAt), ms(firstOnNew - lastOnOld), ms(firstOnNew - writableAt),
                    load.acks().size(), load.writeFailures().size(), FailoverLoad.summary(load.writeFailures()), load.reads(), load.readFailures().size());

            assertThat(load.readFailures()).as("failed reads").isEmpty();
            assertThat(load.reads()).isPositive();
            assertThat(load.acks()).as("writes acknowledged by a node other than the leader of the moment")
                    .allMatch(a -> a.port() == old.port() && a.at() < writableAt || a.port() == leader.port() && a.at() >= writableAt);
            assertThat(firstOnNew - writableAt).as("new leader writable to its first write (ns)")
                    .isLessThan(FailoverLoad.FOLLOWED_WITHIN.toNanos());
            PatroniBinds.assertEveryFailureIsNamed(load.writeFailures());
            assertRowsOnEveryMember(cluster, "ha_switchover", load, Set.of());
            PatroniBinds.assertPrimary(binds, cluster, leader, 1, before);
        }
    }

    @Test
    @Order(2)
    void aKilledLeaderIsFollowedWithoutRestartingTheApplication(PatroniCluster cluster) throws Exception {
        cluster.awaitHealthy(Duration.ofSeconds(60));
        Node old = cluster.leader();
        try (Binds binds = PatroniBinds.follow(cluster, CHECK)) {
            FailoverLoad load = FailoverLoad.start(binds, Binds.DEFAULT, "ha_kill", PORT, 4, 4);
            load.awaitMoreAcks(50, Duration.ofSeconds(20));
            Instant before = Instant.now();
            long killedAt = System.nanoTime();
            WritableWatch watch = WritableWatch.start(cluster.replicas(), cluster::connect, WritableWatch.POSTGRES);
            cluster.kill(old);
            long lastIdBeforeKill = load.lastAttemptedId();
            Thread.sleep(3_000);
            LOG.info("3 s after the leader was killed, before any promotion: {}", binds.status().stream()
                    .map(b -> b.key() + " " + b.role() + " " + b.state() + " tl " + b.timeline()).toList());
            Node leader = cluster.awaitNewLeader(old, Duration.ofSeconds(60));
            long promotedAt = watch.firstWritable(leader);
            load.awaitMoreAcks(50, Duration.ofSeconds(20));
            load.close();

            long firstOnNew = load.firstAckOn(leader.port(), killedAt).orElse(Long.MAX_VALUE);
            Set<Long> lost = lostWrites(cluster, "ha_kill", leader, load);
            LOG.info("leader {} killed, {} promoted after {} ms; kill to first write on the new leader {} ms, promotion seen to first write {} ms;"
                            + " {} writes acknowledged, {} lost (asynchronous replication) {}, {} failed {}; {} reads, {} failed {}",
                    old.name(), leader.name(), ms(promotedAt - killedAt), ms(firstOnNew - killedAt), ms(firstOnNew - promotedAt),
                    load.acks().size(), lost.size(), lost, load.writeFailures().size(), FailoverLoad.summary(load.writeFailures()), load.reads(),
                    load.readFailures().size(), FailoverLoad.summary(load.readFailures()));

            assertThat(load.acks()).as("writes acknowledged by a node other than the leader of the moment")
                    .allMatch(a -> a.port() == old.port() && a.id() <= lastIdBeforeKill
                            || a.port() == leader.port() && a.at() >= killedAt);
            assertThat(firstOnNew - promotedAt).as("promotion seen to the first write on the new leader (ns)")
                    .isLessThan(FailoverLoad.FOLLOWED_WITHIN.toNanos());
            assertThat(load.acks().stream().filter(a -> a.port() == leader.port())).hasSizeGreaterThanOrEqualTo(50);
            assertThat(lost).as("writes lost: only ones the killed leader acknowledged").allMatch(id -> load.acks().stream()
                    .anyMatch(a -> a.id() == id && a.port() == old.port()));
            PatroniBinds.assertEveryFailureIsNamed(load.writeFailures());
            assertThat(load.readFailures()).as("failed reads: the replicas serve while the leader is gone").isEmpty();
            assertThat(load.reads()).isPositive();
            cluster.start(old);                                        // rejoins as a replica (pg_rewind if needed)
            assertRowsOnEveryMember(cluster, "ha_kill", load, lost);
            assertThat(cluster.member(old.name()).isPrimary()).isFalse();
            assertThat(cluster.timeline(old)).isEqualTo(cluster.timeline(leader));
            PatroniBinds.assertPrimary(binds, cluster, leader, 1, before);
        }
    }

    /** Acknowledged writes missing on the new leader: what asynchronous replication lost with the killed leader. */
    private static Set<Long> lostWrites(PatroniCluster cluster, String table, Node leader, FailoverLoad load)
            throws SQLException {
        Set<Long> rows = rows(cluster, table, leader);
        Set<Long> lost = new HashSet<>();
        load.acks().forEach(a -> {
            if (!rows.contains(a.id())) {
                lost.add(a.id());
            }
        });
        return lost;
    }

    /** Every running member holds every acknowledged write (but the lost ones), nothing nobody wrote, no duplicate. */
    private static void assertRowsOnEveryMember(PatroniCluster cluster, String table, FailoverLoad load, Set<Long> lost)
            throws SQLException {
        cluster.awaitHealthy(Duration.ofSeconds(60));
        Set<Long> acknowledged = new HashSet<>();
        load.acks().forEach(a -> acknowledged.add(a.id()));
        acknowledged.removeAll(lost);
        for (Node member : cluster.members()) {
            if (!cluster.isRunning(member)) {
                continue;
            }
            Set<Long> rows = rows(cluster, table, member);
            assertThat(rows).as("rows on " + member.name()).containsAll(acknowledged);
            assertThat(load.attempted()).as("rows on " + member.name() + " that nobody wrote").containsAll(rows);
        }
    }

    private static Set<Long> rows(PatroniCluster cluster, String table, Node member) throws SQLException {
        Set<Long> rows = new HashSet<>();
        try (Connection c = cluster.connect(member); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select id from " + table)) {
            while (rs.next()) {
                assertThat(rows.add(rs.getLong(1))).as("duplicate row on " + member.name()).isTrue();
            }
        }
        return rows;
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
