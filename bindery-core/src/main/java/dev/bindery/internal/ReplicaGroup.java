package dev.bindery.internal;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A primary and its replicas, with the state the balancer needs. The replica array is replaced, never mutated. */
public final class ReplicaGroup {
    private final BindNode primary;
    private volatile BindNode[] replicas;
    private final AtomicInteger next = new AtomicInteger();

    public ReplicaGroup(BindNode primary, List<BindNode> replicas) {
        this.primary = primary;
        this.replicas = replicas.toArray(new BindNode[0]);
    }

    public BindNode primary() {
        return primary;
    }

    public BindNode[] replicas() {
        return replicas;
    }

    public String key() {
        return primary.key();
    }

    /** Round-robin over the replicas; {@code null} when there are none. */
    public BindNode nextReplica() {
        BindNode[] r = replicas;
        if (r.length == 0) {
            return null;
        }
        int i = Math.floorMod(next.getAndIncrement(), r.length);
        return r[i];
    }

    synchronized void setReplicas(BindNode[] replicas) {
        this.replicas = replicas;
    }

    @Override
    public String toString() {
        return "ReplicaGroup[" + primary.key() + ", replicas=" + Arrays.stream(replicas).map(BindNode::key).toList() + "]";
    }
}
