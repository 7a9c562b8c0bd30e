package dev.bindery.groups;

import dev.bindery.config.BuiltInBalancer;
import dev.bindery.Binds;
import dev.bindery.test.ReplicatedDatabase;
import dev.bindery.test.Node;
import dev.bindery.test.PostgresReplication;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads spread over healthy replicas as the balancer says, checked by the server that answered each read. */
@PostgresReplication(replicas = 2)
class ReplicaBalancingTest {
    private static final int READS = 10_000;

    private static Map<Integer, Integer> readByPort(Binds binds) throws Exception {
        Map<Integer, Integer> byPort = new HashMap<>();
        for (int i = 0; i < READS; i++) {
            int port = binds.withReadConnection(Binds.DEFAULT, ClusterBinds::serverPort);
            byPort.merge(port, 1, Integer::sum);
        }
        return byPort;
    }

    @Test
    void roundRobinGivesEachOfTwoReplicasHalfTheReadsAndThePrimaryNone(ReplicatedDatabase cluster) throws Exception {
        try (Binds binds = ClusterBinds.builder(cluster, o -> { }).build()) {
            Map<Integer, Integer> byPort = readByPort(binds);
            Node r1 = cluster.replica(1);
            Node r2 = cluster.replica(2);
            assertThat(byPort.getOrDefault(cluster.primary().port(), 0)).isZero();
            assertThat(byPort.get(r1.port()) / (double) READS).isBetween(0.48, 0.52);
            assertThat(byPort.get(r2.port()) / (double) READS).isBetween(0.48, 0.52);
            assertThat(binds.status("replica-1").reads() + binds.status("replica-2").reads()).isEqualTo(READS);
            assertThat(binds.status(Binds.DEFAULT).reads()).isZero();
            assertThat(binds.poolStats("replica-1").active()).isZero();
        }
    }

    @Test
    void weightedThreeToOneGivesTheHeavyReplicaThreeQuarters(ReplicatedDatabase cluster) throws Exception {
        Binds.Builder b = Binds.builder().bind(Binds.DEFAULT, o -> o.url(cluster.jdbcUrl()).balancer(BuiltInBalancer.WEIGHTED))
                .bind("replica-1", o -> o.url(cluster.jdbcUrl(cluster.replica(1))).replicaOf(Binds.DEFAULT).weight(3))
                .bind("replica-2", o -> o.url(cluster.jdbcUrl(cluster.replica(2))).replicaOf(Binds.DEFAULT).weight(1));
        try (Binds binds = b.build()) {
            Map<Integer, Integer> byPort = readByPort(binds);
            assertThat(byPort.getOrDefault(cluster.primary().port(), 0)).isZero();
            assertThat(byPort.get(cluster.replica(1).port()) / (double) READS).isBetween(0.72, 0.78);
            assertThat(byPort.get(cluster.replica(2).port()) / (double) READS).isBetween(0.22, 0.28);
        }
    }

    @Test
    void leastBusyAndRandomNeverSendReadsToThePrimary(ReplicatedDatabase cluster) throws Exception {
        for (BuiltInBalancer balancing : new BuiltInBalancer[]{BuiltInBalancer.LEAST_BUSY, BuiltInBalancer.RANDOM}) {
            try (Binds binds = ClusterBinds.builder(cluster, o -> o.balancer(balancing)).build()) {
                Map<Integer, Integer> byPort = new HashMap<>();
                for (int i = 0; i < 2_000; i++) {
                    byPort.merge(binds.withReadConnection(Binds.DEFAULT, ClusterBinds::serverPort), 1, Integer::sum);
                }
                assertThat(byPort.getOrDefault(cluster.primary().port(), 0)).as(balancing.name()).isZero();
                assertThat(byPort).as(balancing.name()).containsKeys(cluster.replica(1).port(), cluster.replica(2).port());
            }
        }
    }
}
