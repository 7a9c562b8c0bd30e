package dev.bindery.internal;

import dev.bindery.config.ReplicaFallback;
import dev.bindery.config.BuiltInBalancer;
import dev.bindery.config.Balancer;
import dev.bindery.BindConfig;
import dev.bindery.GroupOptions;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A primary and its replicas, with the group's balancer and fallback policy. The replica array is replaced, never
 * mutated, so readers see a consistent set without locking.
 */
public final class ReplicaGroup {
    private final BindNode primary;
    private final Balancer balancer;
    private final BuiltInBalancer builtIn;
    private volatile BindNode[] replicas;
    private volatile boolean monitored;
    private final AtomicInteger next = new AtomicInteger();

    public ReplicaGroup(BindNode primary, List<BindNode> replicas, Balancer balancer) {
        this.primary = primary;
        this.replicas = replicas.toArray(new BindNode[0]);
        this.balancer = balancer != null ? balancer : primary.config().groupOptions().balancer();
        this.builtIn = this.balancer instanceof BuiltInBalancer b ? b : null;
    }

    public BindNode primary() {
        return primary;
    }

    public BindNode[] replicas() {
        return replicas;
    }

    /** The member (primary or replica) with bind key {@code key}, or {@code null}; a scan of a few nodes, no hashing. */
    public BindNode member(String key) {
        if (primary.key().equals(key)) {
            return primary;
        }
        for (BindNode r : replicas) {
            if (r.key().equals(key)) {
                return r;
            }
        }
        return null;
    }

    public String key() {
        return primary.key();
    }

    public BindConfig config() {
        return primary.config();
    }

    /** The group's options, set on its primary. */
    public GroupOptions options() {
        return primary.config().groupOptions();
    }

    public ReplicaFallback fallback() {
        return primary.config().groupOptions().replicaFallback();
    }

    /** The built-in balancer, or {@code null} for a custom one. */
    public BuiltInBalancer builtIn() {
        return builtIn;
    }

    public Balancer balancer() {
        return balancer;
    }

    /** The next value of the group's rotation counter. */
    public int nextTurn() {
        return next.getAndIncrement();
    }

    public boolean isMonitored() {
        return monitored;
    }

    void markMonitored() {
        monitored = true;
    }

    public synchronized void addReplica(BindNode node) {
        BindNode[] r = Arrays.copyOf(replicas, replicas.length + 1);
        r[r.length - 1] = node;
        replicas = r;
    }

    public synchronized boolean removeReplica(BindNode node) {
        BindNode[] r = Arrays.stream(replicas).filter(n -> n != node).toArray(BindNode[]::new);
        boolean removed = r.length != replicas.length;
        replicas = r;
        return removed;
    }

    @Override
    public String toString() {
        return "ReplicaGroup[" + primary.key() + ", replicas=" + Arrays.stream(replicas).map(BindNode::key).toList() + "]";
    }
}
