package dev.bindery.ha;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bindery.BindUnavailableException;
import dev.bindery.Binds;
import dev.bindery.PrimaryChangedException;
import dev.bindery.config.Failover;
import dev.bindery.spi.Role;
import dev.bindery.status.GroupStatus;
import dev.bindery.test.Node;
import dev.bindery.test.PatroniCluster;
import java.time.Duration;
import java.util.List;

/** Binds over every member of a Patroni cluster as one group, and the checks the failover tests share. */
final class PatroniBinds {
    private PatroniBinds() {
    }

    /**
     * Group {@code default}: the member leading now under key {@code default}, the others under their member names;
     * the group follows promotions, checked every {@code check}.
     */
    static Binds follow(PatroniCluster cluster, Duration check) {
        Node leader = cluster.leader();
        Binds.Builder b = Binds.builder().bind(Binds.DEFAULT, o -> o.url(cluster.jdbcUrl(leader)).poolSize(6)
                .connectionTimeout(Duration.ofSeconds(2)).healthCheckInterval(check)
                .healthCheckTimeout(Duration.ofMillis(500)).failover(Failover.FOLLOW));
        for (Node member : cluster.replicas()) {
            b.bind(member.name(), o -> o.url(cluster.jdbcUrl(member)).replicaOf(Binds.DEFAULT).poolSize(6)
                    .connectionTimeout(Duration.ofSeconds(1)));
        }
        return b.build();
    }

    /** The bind key that holds a member in {@link #follow} binds. */
    static String keyOf(Binds binds, Node member) {
        return binds.keys().stream().filter(k -> binds.config(k).url().contains(":" + member.port() + "/"))
                .findFirst().orElseThrow();
    }

    /**
     * Bindery's status agrees with Patroni: the leader's bind is the group's primary on the leader's timeline, every
     * other bind a replica, and the group counted {@code failovers} failovers, the last one at or after {@code since}.
     */
    static void assertPrimary(Binds binds, PatroniCluster cluster, Node leader, long failovers, java.time.Instant since) {
        String key = keyOf(binds, leader);
        GroupStatus group = binds.groupStatus(Binds.DEFAULT);
        assertThat(group.primary()).as("primary of group default").isEqualTo(key);
        assertThat(group.failovers()).as("failovers counted").isEqualTo(failovers);
        assertThat(group.lastFailover()).as("time of the last failover").isAfterOrEqualTo(since);
        assertThat(group.timeline()).as("timeline of group default").isEqualTo(cluster.timeline(leader));
        assertThat(group.splitBrain()).isEmpty();
        assertThat(binds.status(key).role()).as("role of " + key + " (" + leader.name() + ")").isEqualTo(Role.PRIMARY);
        binds.keys().stream().filter(k -> !k.equals(key))
                .forEach(k -> assertThat(binds.status(k).role()).as("role of " + k).isEqualTo(Role.REPLICA));
    }

    /**
     * Each failed write is a named Bindery exception that says the primary changed or is away, never a raw driver
     * error: a retryable {@link PrimaryChangedException}, or a {@link BindUnavailableException} while no member takes
     * writes yet.
     */
    static void assertEveryFailureIsNamed(List<FailoverLoad.Failure> failures) {
        assertThat(failures).allSatisfy(f -> assertThat(f.error())
                .isInstanceOfAny(PrimaryChangedException.class, BindUnavailableException.class)
                .satisfies(e -> {
                    if (e instanceof PrimaryChangedException changed) {
                        assertThat(changed.isRetryable()).isTrue();
                    }
                }));
    }
}
