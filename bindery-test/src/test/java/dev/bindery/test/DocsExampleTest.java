package dev.bindery.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bindery.Binds;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The example of docs/testing.md, compiled and run so that the page cannot rot. The tagged region is shown verbatim
 * there (DocSnippetsAreCompiledTest in bindery-it checks it).
 */
// tag::cluster-test[]
@PostgresReplication(replicas = 2)
class DocsExampleTest {

    @Test
    void aStaleReplicaDoesNotShowANewOrder(ReplicatedDatabase cluster, Binds binds) throws Exception {
        try (Connection c = binds.dataSource(Binds.DEFAULT).getConnection(); Statement st = c.createStatement()) {
            st.execute("create table orders (id int primary key)");
        }
        cluster.awaitCaughtUp(Duration.ofSeconds(10));

        cluster.pauseReplay(cluster.replica(1));                  // replica-1 stops applying WAL
        try (Connection c = binds.dataSource(Binds.DEFAULT).getConnection(); Statement st = c.createStatement()) {
            st.execute("insert into orders values (1)");
        }
        try (Connection c = binds.dataSource("replica-1").getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select count(*) from orders")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();                    // the replica is behind
        }
        assertThat(cluster.lagBytes(cluster.replica(1))).isPositive();

        cluster.resumeReplay(cluster.replica(1));
        cluster.awaitCaughtUp(cluster.replica(1), Duration.ofSeconds(10));
        assertThat(cluster.lagBytes(cluster.replica(1))).isZero();
    }
}
// end::cluster-test[]
