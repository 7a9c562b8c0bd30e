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
 * mutated, so readers see a consistent set without locking. In a {@code failover=follow} group a failover replaces the
 * primary too ({@link #promote}); the group keeps the key and options of the bind configured as its primary.
 */
public final class ReplicaGroup {
    private final String key;
    private final BindConfig config;
    private final GroupRoles roles;
    private volatile BindNode primary;
    private final Balancer balancer;
    private final BuiltInBalancer builtIn;
    private volatile BindNode[] replicas;
    private volatile boolean monitored;
    private final AtomicInteger next = new AtomicInteger();

    public ReplicaGroup(BindNode primary, List<BindNode> replicas, Balancer balancer) {
        this.primary = primary;
        this.key = primary.key();
        this.config = primary.config();
        this.roles = config.groupOptions().follows() ? new GroupRoles() : null;
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

    /** The group's key: that of the bind configured as its primary, also after a failover. */
    public String key() {
        return key;
    }

    /** The configuration of the bind configured as the group's primary, which holds the group options. */
    public BindConfig config() {
        return config;
    }

    /** The group's options, set on the bind configured as its primary. */
    public GroupOptions options() {
        return config.groupOptions();
    }

    public ReplicaFallback fallback() {
        return config.groupOptions().replicaFallback();
    }

    /** What the failovers of a {@code failover=follow} group know (timeline, split-brain, counts); {@code null} otherwise. */
    public GroupRoles roles() {
        return roles;
    }

    /** Every member, the primary first. */
    public BindNode[] members() {
        BindNode p = primary;
        BindNode[] r = replicas;
        BindNode[] out = new BindNode[r.length + 1];
        out[0] = p;
        System.arraycopy(r, 0, out, 1, r.length);
        return out;
    }

    /**
     * Makes {@code next}, a replica of this group, its primary, and the old primary one of its replicas. Replicas are
     * replaced before the primary, so a read never sees the new primary missing from both.
     */
    synchronized void promote(BindNode next) {
        BindNode old = primary;
        if (next == old) {
            return;
        }
        BindNode[] r = replicas.clone();
        for (int i = 0; i < r.length; i++) {
            if (r[i] == next) {
                r[i] = old;
            }
        }
        replicas = r;
        primary = next;
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
