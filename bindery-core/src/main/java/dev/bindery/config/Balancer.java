package dev.bindery.config;

import dev.bindery.status.ReplicaInfo;
import java.util.List;

/**
 * Chooses which usable replica serves a read. The {@link BuiltInBalancer}s run on an allocation-free path inside the
 * router; a custom one, given with {@code Binds.Builder.balancer(group, balancer)}, receives the usable replicas as a list.
 */
@FunctionalInterface
public interface Balancer {
    /**
     * Returns the index in {@code usable} of the replica that serves the read.
     *
     * @param usable the replicas that are healthy, within their lag bound, in region and past the causal token;
     *               never empty
     */
    int choose(List<ReplicaInfo> usable);
}
