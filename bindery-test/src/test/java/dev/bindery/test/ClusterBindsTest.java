package dev.bindery.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bindery.Binds;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A cluster turns into Binds: default on the primary, replica-1..N as its replicas. The tagged region is shown
 * verbatim in docs/testing.md (DocSnippetsAreCompiledTest in bindery-it checks it).
 */
@PostgresReplication(replicas = 2)
class ClusterBindsTest {

    @Test
    void bindOptionsCanBeChangedBeforeTheBindsAreBuilt(ReplicatedDatabase cluster) {
        // tag::cluster-binds[]
        try (Binds binds = cluster.binds((node, bind) -> bind.poolSize(2).maxReplicationLagBytes(1024))) {
            assertThat(binds.config("replica-1").poolSize()).isEqualTo(2);
        }
        // end::cluster-binds[]
        try (Binds binds = cluster.binds((node, bind) -> bind.poolSize(2).maxReplicationLagBytes(1024))) {
            assertThat(binds.config(Binds.DEFAULT).poolSize()).isEqualTo(2);
            assertThat(binds.config("replica-2").maxReplicationLagBytes()).isEqualTo(1024);
        }
    }

    @Test
    void theBindsAreTheDefaultBindAndItsReplicas(ReplicatedDatabase cluster) {
        try (Binds binds = cluster.binds()) {
            assertThat(binds.keys()).containsExactly("default", "replica-1", "replica-2");
            assertThat(binds.replicas(Binds.DEFAULT)).containsExactly("replica-1", "replica-2");
            assertThat(binds.config("replica-2").replicaOf()).isEqualTo(Binds.DEFAULT);
        }
    }

    @Test
    void aRowWrittenThroughTheDefaultBindIsReadThroughAReplicaBind(ReplicatedDatabase cluster) throws SQLException {
        try (Binds binds = cluster.binds((node, bind) -> bind.poolSize(2))) {
            execute(binds.dataSource(Binds.DEFAULT), "create table greeting (text text)");
            execute(binds.dataSource(Binds.DEFAULT), "insert into greeting values ('hello from the primary')");
            cluster.awaitCaughtUp(cluster.replica(1), Duration.ofSeconds(30));

            try (Connection c = binds.dataSource("replica-1").getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("select text, pg_is_in_recovery() from greeting")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("hello from the primary");
                assertThat(rs.getBoolean(2)).isTrue();
            }
            assertThatThrownBy(() -> execute(binds.dataSource("replica-2"), "insert into greeting values ('no')"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("25006"));
        }
    }

    @Test
    void bindsCanBeInjectedAndAreSharedByTheTestsOfAClass(Binds injected, Binds again, ReplicatedDatabase cluster) throws SQLException {
        assertThat(injected).isSameAs(again);
        try (Connection c = injected.dataSource("replica-2").getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select current_database(), inet_server_port()")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(cluster.database());
            assertThat(rs.getInt(2)).isEqualTo(cluster.replica(2).port());
        }
    }

    static void execute(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
