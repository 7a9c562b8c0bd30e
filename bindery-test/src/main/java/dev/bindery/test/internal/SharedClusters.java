package dev.bindery.test.internal;

import dev.bindery.test.PostgresCluster;
import java.util.HashMap;
import java.util.Map;

/** The clusters shared by all test classes of this JVM, one per replica count, started on first use. */
public final class SharedClusters {
    private static final Map<Integer, PostgresCluster> CLUSTERS = new HashMap<>();

    private SharedClusters() {
    }

    /** The shared cluster with {@code replicas} replicas; stopped by the JVM's shutdown hook. */
    public static synchronized PostgresCluster get(int replicas) {
        return CLUSTERS.computeIfAbsent(replicas,
                r -> ClusterRuntime.start("shared-r" + r, r, null, true).owner());
    }
}
