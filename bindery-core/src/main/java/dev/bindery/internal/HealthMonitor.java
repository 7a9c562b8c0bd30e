package dev.bindery.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Checks the members of replica groups on one small shared scheduler (not a thread per replica): liveness, the
 * primary's write position and each replica's replay position and lag. A group is monitored from its first routed
 * read or write, so binds that are never used cost nothing.
 */
public final class HealthMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HealthMonitor.class);

    private final ScheduledExecutorService scheduler;
    private final Set<ReplicaGroup> monitored = ConcurrentHashMap.newKeySet();
    private final Set<ScheduledFuture<?>> tasks = ConcurrentHashMap.newKeySet();
    private final FollowCheck follow = new FollowCheck(this::closeWhenIdle);

    public HealthMonitor() {
        this.scheduler = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "bindery-health");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the periodic checks of {@code group} unless they run already; the first check runs at once. */
    public void monitor(ReplicaGroup group) {
        if (group.replicas().length == 0 || !monitored.add(group) || scheduler.isShutdown()) {
            group.markMonitored();
            return;
        }
        if (group.roles() != null) {
            check(group);   // roles come from the databases: know them before the first work is routed
        }
        group.markMonitored();
        long interval = group.options().healthCheckInterval().toMillis();
        // A group that follows failovers is asked at a fixed rate, so a promotion is seen within one interval even
        // when a round waited for a member that hangs; rounds that overrun run back to back, never in parallel.
        tasks.add(group.roles() != null
                ? scheduler.scheduleAtFixedRate(() -> check(group), interval, interval, TimeUnit.MILLISECONDS)
                : scheduler.scheduleWithFixedDelay(() -> check(group), 0, interval, TimeUnit.MILLISECONDS));
    }

    /**
     * Queues one check of a {@code failover=follow} group on the health thread, ahead of its schedule (at most one
     * queued at a time): a write failed on its primary, so the roles may have changed.
     */
    public void checkSoon(ReplicaGroup group) {
        GroupRoles roles = group.roles();
        if (roles != null && !scheduler.isShutdown() && roles.checkQueued.compareAndSet(false, true)) {
            try {
                scheduler.execute(() -> {
                    roles.checkQueued.set(false);
                    check(group);
                });
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                roles.checkQueued.set(false);
            }
        }
    }

    /** Checks every member of {@code group} now, on the calling thread. */
    public void check(ReplicaGroup group) {
        if (group.roles() != null) {
            try {
                follow.check(group);
            } catch (RuntimeException e) {
                LOG.warn("Health check of group '{}' failed unexpectedly", group.key(), scrub(group, e));
            }
            return;
        }
        try {
            BindNode primary = group.primary();
            observe(primary).ifPresent(o -> primary.health().primaryChecked(o.position()));
            long primaryPosition = primary.health().position();
            for (BindNode replica : group.replicas()) {
                observe(replica).filter(o -> poolServes(replica)).ifPresent(o ->
                        replica.health().replicaChecked(o.position(), primaryPosition, o.replayLagMillis(), o.caughtUpWithReceived()));
            }
        } catch (RuntimeException e) {
            LOG.warn("Health check of group '{}' failed unexpectedly", group.key(), scrub(group, e));
        }
    }

    private static Throwable scrub(ReplicaGroup group, RuntimeException e) {
        Throwable scrubbed = e;
        for (BindNode member : group.members()) {
            scrubbed = member.scrubber().scrub(scrubbed);
        }
        return scrubbed;
    }

    /**
     * An ejected replica is re-admitted only once its own pool hands out a connection again: the health probe uses a
     * separate pool, and real work must not be sent back while the main pool is still reconnecting.
     */
    static boolean poolServes(BindNode replica) {
        dev.bindery.status.BindState state = replica.health().state();
        if ((state != dev.bindery.status.BindState.EJECTED && state != dev.bindery.status.BindState.FENCED)
                || replica.poolIfStarted() == null) {
            return true;
        }
        try (Connection c = replica.getConnection()) {
            return c.isValid(1);
        } catch (SQLException | RuntimeException e) {
            replica.health().checkFailed(replica.scrub(e.getMessage()));
            return false;
        }
    }

    /** Closes {@code node}'s pools once no connection of it is in use. */
    public void closeWhenIdle(BindNode node) {
        if (scheduler.isShutdown()) {
            node.close();
            return;
        }
        ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
        self[0] = scheduler.scheduleWithFixedDelay(() -> {
            if (node.poolStats().active() == 0) {
                node.close();
                self[0].cancel(false);
            }
        }, 50, 100, TimeUnit.MILLISECONDS);
    }

    /** Closes a pool a member no longer uses (its role changed) once none of its connections is in use. */
    void closeWhenIdle(com.zaxxer.hikari.HikariDataSource pool) {
        if (scheduler.isShutdown()) {
            pool.close();
            return;
        }
        ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
        self[0] = scheduler.scheduleWithFixedDelay(() -> {
            com.zaxxer.hikari.HikariPoolMXBean mx = pool.getHikariPoolMXBean();
            if (mx == null || mx.getActiveConnections() == 0) {
                pool.close();
                self[0].cancel(false);
            }
        }, 50, 100, TimeUnit.MILLISECONDS);
    }

    private java.util.Optional<ReplicationProbe.Observation> observe(BindNode node) {
        int timeout = (int) Math.max(1, node.groupConfig().groupOptions().healthCheckTimeout().toSeconds());
        try (Connection c = node.probeConnection()) {
            return java.util.Optional.of(node.probe().observe(c, node.role(), timeout));
        } catch (SQLException | RuntimeException e) {
            node.health().checkFailed(node.scrub(e.getMessage()));
            return java.util.Optional.empty();
        }
    }

    @Override
    public void close() {
        tasks.forEach(t -> t.cancel(false));
        scheduler.shutdownNow();
    }
}
