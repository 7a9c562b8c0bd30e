package dev.bindery.internal;

import dev.bindery.spi.Role;
import dev.bindery.status.BindState;
import dev.bindery.BindConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * The health state machine of one bind: ejection after consecutive failed checks (or at once when real work cannot
 * connect), re-admission after consecutive good checks, lag bounds, and the last known replication position. The
 * router reads it on the hot path through volatile fields only. Each change of state is logged once.
 */
public final class BindHealth {
    private static final Logger LOG = LoggerFactory.getLogger(BindHealth.class);
    /** Without a configured lag bound, a returning replica must have replayed within this many bytes to be re-admitted. */
    static final long READMIT_LAG_BYTES = 1024 * 1024;

    private final String key;
    private volatile Role role;
    private final int ejectAfter;
    private final int readmitAfter;
    private final Duration maxLag;
    private final Long maxLagBytes;
    private final Runnable onDown;

    private volatile BindState state = BindState.UP;
    private volatile String lastError;
    private volatile long position = -1;
    private volatile long highestPosition = -1;
    private volatile long lagMillis = -1;
    private volatile long lagBytes = -1;
    private volatile long timeline;
    private int failures;
    private int successes;

    BindHealth(BindConfig config, BindConfig groupConfig, Runnable onDown) {
        this.onDown = onDown;
        this.key = config.key();
        this.role = config.role();
        this.ejectAfter = groupConfig.groupOptions().ejectAfterFailures();
        this.readmitAfter = groupConfig.groupOptions().readmitAfterSuccesses();
        this.maxLag = config.maxReplicationLag();
        this.maxLagBytes = config.maxReplicationLagBytes();
    }

    public BindState state() {
        return state;
    }

    public boolean isUp() {
        return state == BindState.UP;
    }

    public String lastError() {
        return lastError;
    }

    /** The last known position: the primary's write position, or the replica's replay position; -1 when unknown. */
    public long position() {
        return position;
    }

    /**
     * The highest position this bind ever reported (a primary's write position): a causal token beyond it asks for
     * something the primary never wrote. -1 when none is known.
     */
    public long highestPosition() {
        return highestPosition;
    }

    public long lagMillis() {
        return lagMillis;
    }

    public long lagBytes() {
        return lagBytes;
    }

    /** The timeline this member reported at its last check ({@code failover=follow}); 0 when unknown. */
    public long timeline() {
        return timeline;
    }

    void timelineSeen(long t) {
        timeline = t;
    }

    /** Records a fresh replay position read outside the periodic checks (a causal-token refresh). */
    public void positionSeen(long newPosition) {
        if (newPosition > position) {
            position = newPosition;
        }
        raiseHighest(newPosition);
    }

    private synchronized void raiseHighest(long newPosition) {
        if (newPosition > highestPosition) {
            highestPosition = newPosition;
        }
    }

    /** A good check of a primary. */
    synchronized void primaryChecked(long writePosition) {
        position = writePosition;
        raiseHighest(writePosition);
        lagMillis = 0;
        lagBytes = 0;
        succeeded();
    }

    /** A good check of a replica, with its lag against the primary's last position. */
    synchronized void replicaChecked(long replayPosition, long primaryPosition, long replayLagMillis, boolean caughtUpWithReceived) {
        position = replayPosition;
        long bytes = replayPosition < 0 || primaryPosition < 0 ? -1 : Math.max(0, primaryPosition - replayPosition);
        lagBytes = bytes;
        lagMillis = bytes == 0 || (caughtUpWithReceived && replayLagMillis < 0) ? 0 : replayLagMillis;
        succeeded();
    }

    private void succeeded() {
        failures = 0;
        successes++;
        boolean tooFarBehind = overLagBound();
        switch (state) {
            case UP -> {
                if (tooFarBehind) {
                    change(BindState.LAGGING, "lag " + describeLag() + " is over its bound; it receives no reads until it catches up");
                }
            }
            case LAGGING -> {
                if (!tooFarBehind) {
                    change(BindState.UP, "caught up (lag " + describeLag() + "); it receives reads again");
                }
            }
            case EJECTED, DOWN, FENCED -> {
                boolean caughtUp = role == Role.PRIMARY || (!tooFarBehind && (hasLagBound() || lagBytes < 0 || lagBytes <= READMIT_LAG_BYTES));
                if (successes >= readmitAfter && caughtUp) {
                    lastError = null;
                    change(BindState.UP, "is back after " + successes + " good checks" + (role == Role.REPLICA ? " and caught up (lag "
                            + describeLag() + ")" : ""));
                }
            }
            default -> {
            }
        }
    }

    /** A failed periodic check. */
    synchronized void checkFailed(String error) {
        successes = 0;
        failures++;
        lastError = error;
        if (failures >= ejectAfter) {
            down("failed " + failures + " consecutive health checks: " + error);
        }
    }

    /** Real work could not connect: eject (or mark down) at once, without waiting for the checks. */
    public synchronized void workFailed(String error) {
        successes = 0;
        failures = Math.max(failures, ejectAfter);
        lastError = error;
        down("could not serve real work: " + error);
    }

    /**
     * The member's role changed in a failover ({@code failover=follow}): a promoted member is {@code UP} as primary at
     * once (it just answered as writable); a demoted one is {@link BindState#FENCED} until checks find it following.
     */
    synchronized void roleChanged(Role next, String why) {
        role = next;
        failures = 0;
        successes = 0;
        if (next == Role.PRIMARY) {
            lastError = null;
            lagMillis = 0;
            lagBytes = 0;
            change(BindState.UP, why);
        } else {
            change(BindState.FENCED, why);
        }
    }

    /** Keeps a member off the group's current timeline out of service, whatever its checks say (logged once). */
    synchronized void fence(String why) {
        successes = 0;
        lastError = why;
        if (state != BindState.FENCED && state != BindState.REMOVED) {
            change(BindState.FENCED, why);
            onDown.run();
        }
    }

    /** The primary answered but takes no writes (in recovery: demoted): writes fail fast until a member is writable. */
    synchronized void notWritable(String why) {
        successes = 0;
        failures = Math.max(failures, ejectAfter);
        lastError = why;
        down(why);
    }

    public synchronized void removed() {
        change(BindState.REMOVED, "was removed from its group; its pool closes once idle");
    }

    private void down(String why) {
        if (state == BindState.UP || state == BindState.LAGGING) {
            change(role == Role.REPLICA ? BindState.EJECTED : BindState.DOWN, why);
            onDown.run();
        }
    }

    private boolean hasLagBound() {
        return maxLag != null || maxLagBytes != null;
    }

    private boolean overLagBound() {
        if (role == Role.PRIMARY) {
            return false;
        }
        // An unknown time lag (-1) means the replica is behind or not applying at all (a MariaDB replica whose SQL
        // thread is stopped reports Seconds_Behind_Master NULL): it must not pass a time bound as if caught up.
        // A replica known to be caught up has lagMillis 0, see replicaChecked.
        return (maxLag != null && (lagMillis > maxLag.toMillis() || lagMillis < 0))
                || (maxLagBytes != null && lagBytes > maxLagBytes);
    }

    private String describeLag() {
        return (lagMillis < 0 ? "?" : lagMillis + "ms") + "/" + (lagBytes < 0 ? "?" : lagBytes + " bytes");
    }

    private void change(BindState next, String why) {
        BindState previous = state;
        if (previous == next || previous == BindState.REMOVED) {
            return;
        }
        state = next;
        if (next == BindState.UP) {
            LOG.info("Bind '{}' ({}) {} -> {}: {}", key, role.name().toLowerCase(java.util.Locale.ROOT), previous, next, why);
        } else {
            LOG.warn("Bind '{}' ({}) {} -> {}: {}", key, role.name().toLowerCase(java.util.Locale.ROOT), previous, next, why);
        }
    }
}
