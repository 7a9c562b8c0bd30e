package dev.bindery.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@PostgresReplication(replicas = 2)
class StreamingReplicationTest {
    private static final Duration CATCH_UP = Duration.ofSeconds(30);

    @BeforeAll
    static void createTable(ReplicatedDatabase cluster) throws SQLException {
        execute(cluster, cluster.primary(), "create table item (id int primary key, name text not null)");
        cluster.awaitCaughtUp(CATCH_UP);
    }

    @Test
    void aRowWrittenOnThePrimaryIsReadOnEveryReplicaOnceCaughtUp(ReplicatedDatabase cluster) throws SQLException {
        execute(cluster, cluster.primary(), "insert into item values (1, 'written on the primary')");

        for (Node replica : cluster.replicas()) {
            cluster.awaitCaughtUp(replica, CATCH_UP);
            assertThat(count(cluster, replica, "select count(*) from item where id = 1")).isEqualTo(1);
            assertThat(cluster.lagBytes(replica)).isZero();
        }
    }

    @Test
    void replicasAreHotStandbysOfThePrimary(ReplicatedDatabase cluster) throws SQLException {
        assertThat(string(cluster, cluster.primary(), "select pg_is_in_recovery()::text")).isEqualTo("false");
        for (Node replica : cluster.replicas()) {
            assertThat(string(cluster, replica, "select pg_is_in_recovery()::text")).isEqualTo("true");
        }
        assertThat(count(cluster, cluster.primary(), "select count(*) from pg_stat_replication where state = 'streaming'"))
                .isEqualTo(cluster.replicas().size());
    }

    @Test
    void aReplicaRefusesWritesAsAReadOnlyTransaction(ReplicatedDatabase cluster) {
        assertThatThrownBy(() -> execute(cluster, cluster.replica(1), "insert into item values (2, 'on a replica')"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("25006"));
    }

    @Test
    void aPausedReplicaStaysBehindAndCatchesUpAfterResume(ReplicatedDatabase cluster) throws SQLException {
        Node replica = cluster.replica(2);
        cluster.awaitCaughtUp(replica, CATCH_UP);
        cluster.pauseReplay(replica);
        try {
            execute(cluster, cluster.primary(), "insert into item values (3, 'while replica-2 is paused')");
            String primaryLsn = string(cluster, cluster.primary(), "select pg_current_wal_insert_lsn()::text");
            awaitReceived(cluster, replica, primaryLsn);

            assertThat(count(cluster, replica, "select count(*) from item where id = 3")).isZero();
            assertThat(cluster.lagBytes(replica)).isPositive();
            cluster.awaitCaughtUp(cluster.replica(1), CATCH_UP);
            assertThat(count(cluster, cluster.replica(1), "select count(*) from item where id = 3")).isEqualTo(1);
        } finally {
            cluster.resumeReplay(replica);
        }
        cluster.awaitCaughtUp(replica, CATCH_UP);
        assertThat(count(cluster, replica, "select count(*) from item where id = 3")).isEqualTo(1);
        assertThat(cluster.lagBytes(replica)).isZero();
    }

    @Test
    void aKilledReplicaRestartsAndCatchesUp(ReplicatedDatabase cluster) throws SQLException {
        Node replica = cluster.replica(1);
        cluster.kill(replica);
        assertThat(cluster.isRunning(replica)).isFalse();
        assertThatThrownBy(() -> cluster.connect(replica).close()).isInstanceOf(SQLException.class);

        execute(cluster, cluster.primary(), "insert into item values (4, 'while replica-1 is dead')");
        cluster.start(replica);
        cluster.awaitCaughtUp(replica, CATCH_UP);

        assertThat(count(cluster, replica, "select count(*) from item where id = 4")).isEqualTo(1);
    }

    @Test
    void aRestartedPrimaryKeepsItsDataAndReplicasFollowAgain(ReplicatedDatabase cluster) throws SQLException {
        execute(cluster, cluster.primary(), "insert into item values (5, 'before the restart')");
        cluster.restart(cluster.primary());
        execute(cluster, cluster.primary(), "insert into item values (6, 'after the restart')");
        cluster.awaitCaughtUp(CATCH_UP);

        for (Node replica : cluster.replicas()) {
            assertThat(count(cluster, replica, "select count(*) from item where id in (5, 6)")).isEqualTo(2);
        }
    }

    @Test
    void aNodeThatCannotStartReportsTheTailOfItsLog(ReplicatedDatabase cluster) throws Exception {
        Node replica = cluster.replica(2);
        cluster.stop(replica);
        try (ServerSocket squatter = new ServerSocket(replica.port(), 1, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> cluster.start(replica))
                    .isInstanceOf(PostgresClusterException.class)
                    .hasMessageContaining("'replica-2'")
                    .hasMessageContaining("--- last")
                    .hasMessageContaining("could not bind");
        }
        cluster.start(replica);
        cluster.awaitCaughtUp(replica, CATCH_UP);
        assertThat(string(cluster, replica, "select pg_is_in_recovery()::text")).isEqualTo("true");
    }

    @Test
    void nodesAreFoundByNameAndEachHasItsOwnUrl(ReplicatedDatabase cluster) {
        assertThat(cluster.node("primary")).isEqualTo(cluster.primary());
        assertThat(cluster.node("replica-2")).isEqualTo(cluster.replica(2));
        assertThat(cluster.nodes()).extracting(Node::port)
                .doesNotHaveDuplicates();
        assertThat(cluster.jdbcUrl(cluster.replica(1)))
                .isEqualTo("jdbc:postgresql://127.0.0.1:" + cluster.replica(1).port() + "/" + cluster.database() + "?user=postgres");
        assertThatThrownBy(() -> cluster.node("replica-9"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("primary, replica-1, replica-2");
    }

    static void awaitReceived(ReplicatedDatabase cluster, Node replica, String lsn) throws SQLException {
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        while (!"true".equals(string(cluster, replica, "select (pg_last_wal_receive_lsn() >= '" + lsn + "')::text"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(replica.name() + " did not receive WAL up to " + lsn);
            }
            Thread.onSpinWait();
        }
    }

    static void execute(ReplicatedDatabase cluster, Node node, String sql) throws SQLException {
        try (Connection c = cluster.connect(node); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    static long count(ReplicatedDatabase cluster, Node node, String sql) throws SQLException {
        return Long.parseLong(string(cluster, node, sql));
    }

    static String string(ReplicatedDatabase cluster, Node node, String sql) throws SQLException {
        try (Connection c = cluster.connect(node); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
