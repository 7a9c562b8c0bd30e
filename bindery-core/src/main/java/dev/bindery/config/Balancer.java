package dev.bindery.config;

import dev.bindery.status.ReplicaInfo;
import java.util.List;

/**
 * Chooses which usable replica serves a read. The built-in balancers ({@link #of(Balancing)}) run on an
 * allocation-free path inside the router; a custom one receives the usable replicas as a list.
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

    /** The built-in balancer for {@code balancing}. */
    static Balancer of(Balancing balancing) {
        return new BuiltIn(balancing);
    }

    /** A built-in balancer: recognised by the router, which runs it without allocating. */
    record BuiltIn(Balancing balancing) implements Balancer {
        @Override
        public int choose(List<ReplicaInfo> usable) {
            throw new UnsupportedOperationException("built-in balancers run inside the router");
        }
    }
}
