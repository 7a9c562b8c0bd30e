package dev.bindery.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Test classes of one JVM share one cluster, each with a database of its own that is dropped afterwards. */
@PostgresReplication(replicas = 2)
class SharedClusterTest {
    record Seen(String postmasterStart, int primaryPort, String database) {
    }

    static final List<Seen> SEEN = new CopyOnWriteArrayList<>();

    @Test
    void twoTestClassesShareOneClusterButNotADatabase(ReplicatedDatabase cluster) throws SQLException {
        SEEN.clear();
        EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(FirstClass.class), selectClass(SecondClass.class))
                .execute().testEvents().assertStatistics(stats -> stats.succeeded(2).failed(0));

        Seen mine = seen(cluster);
        assertThat(SEEN).hasSize(2);
        assertThat(SEEN).extracting(Seen::postmasterStart).containsOnly(mine.postmasterStart());
        assertThat(SEEN).extracting(Seen::primaryPort).containsOnly(mine.primaryPort());
        assertThat(SEEN).extracting(Seen::database).doesNotHaveDuplicates().doesNotContain(mine.database());
        for (Seen other : SEEN) {
            assertThat(StreamingReplicationTest.count(cluster, cluster.primary(),
                    "select count(*) from pg_database where datname = '" + other.database() + "'")).isZero();
        }
    }

    @Test
    void theClassDatabaseExistsOnEveryReplica(ReplicatedDatabase cluster) throws SQLException {
        for (Node node : cluster.nodes()) {
            assertThat(StreamingReplicationTest.string(cluster, node, "select current_database()")).isEqualTo(cluster.database());
        }
    }

    static Seen seen(ReplicatedDatabase cluster) throws SQLException {
        return new Seen(StreamingReplicationTest.string(cluster, cluster.primary(), "select pg_postmaster_start_time()::text"),
                cluster.primary().port(), cluster.database());
    }

    @PostgresReplication(replicas = 2)
    static class FirstClass {
        @Test
        void recordsItsCluster(ReplicatedDatabase cluster) throws SQLException {
            SEEN.add(seen(cluster));
        }
    }

    @PostgresReplication
    static class SecondClass {
        @Test
        void recordsItsCluster(ReplicatedDatabase cluster) throws SQLException {
            SEEN.add(seen(cluster));
        }
    }
}
