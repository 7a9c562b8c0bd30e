package dev.bindery.status;

import dev.bindery.config.Balancer;

/**
 * What a {@link Balancer} may know about one usable replica when it chooses.
 *
 * @param key               the replica's bind key
 * @param weight            its configured weight
 * @param activeConnections connections of its pool in use right now
 * @param lagMillis         its last measured replication lag in milliseconds, or -1 when unknown
 */
public record ReplicaInfo(String key, int weight, int activeConnections, long lagMillis) {
}
