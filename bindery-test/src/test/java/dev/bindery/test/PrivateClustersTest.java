package dev.bindery.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Two private clusters run side by side, each with its own primary, replica and databases, and stop when closed. The
 * tagged region is shown verbatim in docs/testing.md (DocSnippetsAreCompiledTest in bindery-it checks it).
 */
class PrivateClustersTest {

    private ReplicatedDatabase closedAfterwards;

    @Test
    void twoPrivateClustersRunAtOnceAndEachReplicatesItsOwnDatabase() throws Exception {
        // tag::private-clusters[]
        try (PostgresCluster eu = PostgresCluster.builder().name("eu").replicas(1).start();
             PostgresCluster us = PostgresCluster.builder().name("us").replicas(1).start()) {
            ReplicatedDatabase euOrders = eu.createDatabase("orders");   // created on the primary, replayed on the replicas
            ReplicatedDatabase usOrders = us.createDatabase("orders");
            eachReplicatesItsOwnDatabase(euOrders, usOrders);
        }
        // end::private-clusters[]
        int euPrimaryPort = closedAfterwards.primary().port();
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + euPrimaryPort + "/postgres?user=postgres"))
                .as("close() stopped the servers").isInstanceOf(SQLException.class);
    }

    private void eachReplicatesItsOwnDatabase(ReplicatedDatabase euOrders, ReplicatedDatabase usOrders) throws SQLException {
        closedAfterwards = euOrders;
        execute(euOrders, "create table orders (id int primary key)");
        execute(euOrders, "insert into orders values (1)");
        euOrders.awaitCaughtUp(euOrders.replica(1), Duration.ofSeconds(30));
        assertThat(count(euOrders, euOrders.replica(1), "select count(*) from orders")).isEqualTo(1);
        assertThat(count(usOrders, usOrders.replica(1),
                "select count(*) from information_schema.tables where table_name = 'orders'")).isZero();
        assertThat(usOrders.primary().port()).isNotEqualTo(euOrders.primary().port());
    }

    private static void execute(ReplicatedDatabase cluster, String sql) throws SQLException {
        try (Connection c = cluster.connect(cluster.primary()); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static long count(ReplicatedDatabase cluster, Node node, String sql) throws SQLException {
        try (Connection c = cluster.connect(node); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
