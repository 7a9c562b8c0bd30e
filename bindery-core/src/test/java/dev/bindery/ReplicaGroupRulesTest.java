package dev.bindery;

import dev.bindery.spi.Role;
import dev.bindery.spi.Access;
import dev.bindery.status.BindStatus;
import dev.bindery.status.BindState;
import dev.bindery.spi.RouteReason;
import dev.bindery.spi.Route;
import dev.bindery.config.ReplicaFallback;
import dev.bindery.config.BuiltInBalancer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Group rules that need no replication: balancers, ejection of an unreachable replica, fallback policy, status. */
class ReplicaGroupRulesTest {
    private static final String UNREACHABLE = "jdbc:h2:file:/nonexistent-bindery-dir/none;IFEXISTS=TRUE";

    private static Map<String, Integer> reads(Binds binds, int n) {
        Map<String, Integer> out = new HashMap<>();
        for (int i = 0; i < n; i++) {
            out.merge(binds.router().route(Binds.DEFAULT, Access.READ).bind(), 1, Integer::sum);
        }
        return out;
    }

    @Test
    void weightedBalancingFollowsTheWeights() {
        String url = H2.url("weighted");
        try (Binds binds = Binds.builder().bind(Binds.DEFAULT, b -> b.url(url).balancer(BuiltInBalancer.WEIGHTED))
                .bind("r1", b -> b.url(url).replicaOf(Binds.DEFAULT).weight(3))
                .bind("r2", b -> b.url(url).replicaOf(Binds.DEFAULT).weight(1)).build()) {
            Map<String, Integer> reads = reads(binds, 4000);
            assertThat(reads).containsEntry("r1", 3000).containsEntry("r2", 1000).doesNotContainKey(Binds.DEFAULT);
        }
    }

    @Test
    void aCustomBalancerChoosesAmongUsableReplicas() {
        String url = H2.url("custom");
        try (Binds binds = Binds.builder().bind(Binds.DEFAULT, url)
                .bind("r1", b -> b.url(url).replicaOf(Binds.DEFAULT))
                .bind("r2", b -> b.url(url).replicaOf(Binds.DEFAULT))
                .balancer(Binds.DEFAULT, usable -> usable.size() - 1).build()) {
            assertThat(reads(binds, 10)).containsOnlyKeys("r2");
        }
    }

    @Test
    void aBalancerForAnUnknownGroupIsAConfigurationError() {
        assertThatThrownBy(() -> Binds.builder().bind(Binds.DEFAULT, "jdbc:h2:mem:x").balancer("reports", usable -> 0).build())
                .isInstanceOf(BindConfigException.class).hasMessageContaining("bind 'reports', field 'balancer'");
    }

    @Test
    void anUnreachableReplicaIsEjectedAndReadsGoToTheOthers() {
        String url = H2.url("eject");
        try (Binds binds = Binds.builder().bind(Binds.DEFAULT, b -> b.url(url).healthCheckInterval(Duration.ofMinutes(10))
                        .healthCheckTimeout(Duration.ofMillis(300)).ejectAfterFailures(1))
                .bind("dead", b -> b.url(UNREACHABLE).replicaOf(Binds.DEFAULT))
                .bind("alive", b -> b.url(url).replicaOf(Binds.DEFAULT)).build()) {
            binds.checkNow(Binds.DEFAULT);
            assertThat(binds.status("dead").state()).isEqualTo(BindState.EJECTED);
            assertThat(binds.status("dead").lastError()).isNotBlank();
            assertThat(reads(binds, 100)).containsOnlyKeys("alive");
        }
    }

    @Test
    void withNoUsableReplicaReadsFallBackToThePrimaryAndAreCounted() {
        String url = H2.url("fallback");
        try (Binds binds = Binds.builder().bind(Binds.DEFAULT, b -> b.url(url).healthCheckInterval(Duration.ofMinutes(10))
                        .healthCheckTimeout(Duration.ofMillis(300)).ejectAfterFailures(1))
                .bind("dead", b -> b.url(UNREACHABLE).replicaOf(Binds.DEFAULT)).build()) {
            binds.checkNow(Binds.DEFAULT);
            Route r = binds.router().route(Binds.DEFAULT, Access.READ);
            assertThat(r).isEqualTo(new Route(Binds.DEFAULT, Binds.DEFAULT, Role.PRIMARY, RouteReason.REPLICA_FALLBACK));
            assertThat(binds.status(Binds.DEFAULT).fallbacks()).isEqualTo(1);
        }
    }

    @Test
    void replicaFallbackFailListsEachReplicaAndWhy() {
        String url = H2.url("fail");
        try (Binds binds = Binds.builder().bind(Binds.DEFAULT, b -> b.url(url).healthCheckInterval(Duration.ofMinutes(10))
                        .healthCheckTimeout(Duration.ofMillis(300)).ejectAfterFailures(1).replicaFallback(ReplicaFallback.FAIL))
                .bind("dead", b -> b.url(UNREACHABLE).replicaOf(Binds.DEFAULT)).build()) {
            binds.checkNow(Binds.DEFAULT);
            assertThatThrownBy(() -> binds.router().route(Binds.DEFAULT, Access.READ))
                    .isInstanceOfSatisfying(NoReplicaAvailableException.class, e -> {
                        assertThat(e.skipped()).containsOnlyKeys("dead");
                        assertThat(e.skipped().get("dead")).startsWith("EJECTED");
                    })
                    .hasMessageContaining("replicaFallback=fail");
        }
    }

    @Test
    void replicasCanBeAddedAndRemovedWhileRunning() throws Exception {
        String url = H2.url("runtime");
        try (Binds binds = Binds.builder().bind(Binds.DEFAULT, url).bind("r1", b -> b.url(url).replicaOf(Binds.DEFAULT)).build()) {
            binds.addReplica("r2", b -> b.url(url).replicaOf(Binds.DEFAULT));
            assertThat(binds.replicas(Binds.DEFAULT)).containsExactly("r1", "r2");
            assertThat(reads(binds, 10)).containsOnlyKeys("r1", "r2");
            try (java.sql.Connection inFlight = binds.dataSource("r1").getConnection()) {
                binds.removeReplica("r1");
                assertThat(reads(binds, 10)).containsOnlyKeys("r2");
                assertThat(inFlight.isValid(1)).as("work in flight on a removed replica finishes").isTrue();
            }
            assertThat(binds.keys()).containsExactly("default", "r2");
            assertThatThrownBy(() -> binds.addReplica("r3", b -> b.url(url).replicaOf("r2")))
                    .isInstanceOf(BindConfigException.class).hasMessageContaining("not a primary");
            assertThatThrownBy(() -> binds.removeReplica(Binds.DEFAULT))
                    .isInstanceOf(BindConfigException.class).hasMessageContaining("only replicas");
        }
    }

    @Test
    void statusReportsRoleStateAndRoutedWork() {
        String url = H2.url("status");
        try (Binds binds = Binds.builder().bind(Binds.DEFAULT, url).bind("r1", b -> b.url(url).replicaOf(Binds.DEFAULT)).build()) {
            binds.router().route(Binds.DEFAULT, Access.WRITE);
            binds.router().route(Binds.DEFAULT, Access.READ);
            BindStatus primary = binds.status(Binds.DEFAULT);
            BindStatus replica = binds.status("r1");
            assertThat(primary.role()).isEqualTo(Role.PRIMARY);
            assertThat(primary.writes()).isEqualTo(1);
            assertThat(replica.role()).isEqualTo(Role.REPLICA);
            assertThat(replica.reads()).isEqualTo(1);
            assertThat(replica.state()).isEqualTo(BindState.UP);
        }
    }
}
