package dev.bindery.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * Patroni over etcd and the system PostgreSQL: one leader, replicas that stream, and a switchover. A killed leader,
 * its replacement and its rejoin are tested under load by bindery-it's PatroniFailoverTest, with the same cluster
 * controls.
 */
@PatroniReplication
class PatroniClusterTest {

    @BeforeAll
    static void createTable(PatroniCluster cluster) throws SQLException {
        System.out.println("Patroni cluster (3 members, etcd) healthy " + cluster.startup().toMillis() + " ms after start");
        try (Connection c = cluster.connect(cluster.leader()); Statement s = c.createStatement()) {
            s.execute("create table item (id int primary key, written_on text)");
        }
    }

    @Test
    void oneMemberLeadsAndTheOthersStreamFromIt(PatroniCluster cluster) throws SQLException {
        Node leader = cluster.leader();
        assertThat(cluster.members()).hasSize(3).filteredOn(Node::isPrimary).containsExactly(leader);
        insert(cluster, leader, 1);
        cluster.awaitHealthy(Duration.ofSeconds(30));
        for (Node replica : cluster.replicas()) {
            assertThat(rows(cluster, replica)).contains("1@" + leader.name());
            assertThat(cluster.timeline(replica)).isEqualTo(cluster.timeline(leader));
            try (Connection c = cluster.connect(replica); Statement s = c.createStatement()) {
                assertThatThrownBy(() -> s.execute("insert into item values (2, 'replica')"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("read-only transaction");
            }
        }
        assertThat(cluster.patronictl("list")).contains("Leader").contains(leader.name());
    }

    // tag::patroni-cluster[]
    @Test
    void aSwitchoverHandsTheLeadToTheCandidateOnANewTimeline(PatroniCluster cluster) throws SQLException {
        Node old = cluster.leader();
        int timeline = cluster.timeline(old);
        Node candidate = cluster.replicas().get(0);

        Node leader = cluster.switchover(candidate);               // patronictl switchover, waits until writable

        assertThat(leader.name()).isEqualTo(candidate.name());
        assertThat(leader.isPrimary()).isTrue();
        assertThat(cluster.member(old.name()).isPrimary()).isFalse();
        assertThat(cluster.timeline(leader)).isGreaterThan(timeline);
        insert(cluster, leader, 10);
        cluster.awaitHealthy(Duration.ofSeconds(60));              // the old leader streams from the new one
        assertThat(rows(cluster, cluster.member(old.name()))).contains("10@" + leader.name());
    }
    // end::patroni-cluster[]


    @Test
    void missingBinariesSkipTheClassOrFailItOnCi() {
        String before = System.getProperty("bindery.patroni.pgbin");
        System.setProperty("bindery.patroni.pgbin", "/nonexistent-bindery-postgresql/bin");
        Events classes;
        try {
            classes = EngineTestKit.engine("junit-jupiter").selectors(selectClass(NeedsPatroni.class))
                    .execute().containerEvents();
        } finally {
            if (before == null) {
                System.clearProperty("bindery.patroni.pgbin");
            } else {
                System.setProperty("bindery.patroni.pgbin", before);
            }
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            classes.assertThatEvents().haveExactly(1, event(container(NeedsPatroni.class),
                    finishedWithFailure(message(m -> m.contains("patroni, patronictl and etcd") && m.contains("CI=true")))));
        } else {
            classes.assertThatEvents().haveExactly(1, event(container(NeedsPatroni.class),
                    abortedWithReason(message(m -> m.contains("patroni, patronictl and etcd")
                            && m.contains("apt-get install patroni etcd-server")))));
        }
    }

    @PatroniReplication
    static class NeedsPatroni {
        @Test
        void neverRuns() {
            throw new AssertionError("must not run without Patroni");
        }
    }

    private static void insert(PatroniCluster cluster, Node leader, int id) throws SQLException {
        try (Connection c = cluster.connect(leader); Statement s = c.createStatement()) {
            s.execute("insert into item values (" + id + ", '" + leader.name() + "')");
        }
    }

    private static List<String> rows(PatroniCluster cluster, Node node) throws SQLException {
        try (Connection c = cluster.connect(node); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select id || '@' || written_on from item order by id")) {
            List<String> out = new java.util.ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }
}
