package dev.bindery;

import dev.bindery.config.BuiltInBalancer;
import dev.bindery.config.Failover;
import dev.bindery.config.ReplicaFallback;

import java.time.Duration;

/**
 * The options of a replica group, set on its primary: how reads are balanced over the replicas, where they go when no
 * replica is usable, how members are health-checked, and how long a read with a causal token may wait. Only a
 * primary's {@link BindConfig} carries them; setting one on a replica is a {@link BindConfigException}.
 *
 * @param balancer              how reads are spread over the replicas
 * @param replicaFallback       what reads do when no replica is usable
 * @param healthCheckInterval   how often each member is checked
 * @param healthCheckTimeout    the timeout of one check
 * @param ejectAfterFailures    failed checks before a replica is ejected (a primary marked down)
 * @param readmitAfterSuccesses good checks before an ejected member is re-admitted
 * @param causalWait            how long a read with a causal token may wait for a replica to catch up
 * @param failover              whether roles are as configured or found from the databases at each check
 */
public record GroupOptions(
        BuiltInBalancer balancer,
        ReplicaFallback replicaFallback,
        Duration healthCheckInterval,
        Duration healthCheckTimeout,
        int ejectAfterFailures,
        int readmitAfterSuccesses,
        Duration causalWait,
        Failover failover) {

    /**
     * The defaults: round-robin, fall back to the primary, checks every 2s with a 1s timeout, 2 and 2, no causal wait,
     * roles as configured.
     */
    public static final GroupOptions DEFAULTS = new GroupOptions(BuiltInBalancer.ROUND_ROBIN, ReplicaFallback.PRIMARY,
            Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 2, Duration.ZERO, Failover.NONE);

    /** The options with roles as configured ({@link Failover#NONE}). */
    public GroupOptions(BuiltInBalancer balancer, ReplicaFallback replicaFallback, Duration healthCheckInterval,
                        Duration healthCheckTimeout, int ejectAfterFailures, int readmitAfterSuccesses, Duration causalWait) {
        this(balancer, replicaFallback, healthCheckInterval, healthCheckTimeout, ejectAfterFailures, readmitAfterSuccesses,
                causalWait, Failover.NONE);
    }

    /** Whether the group's roles are found from the databases ({@code failover=follow}). */
    public boolean follows() {
        return failover == Failover.FOLLOW;
    }
}
