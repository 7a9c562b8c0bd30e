package dev.bindery.internal;

import java.util.concurrent.locks.LockSupport;

/**
 * The wait of a read carrying a causal token that no replica had reached by the cached positions: read the replay
 * positions again, and wait up to the group's {@code causalWait} for a usable replica to pass the token.
 */
public final class CausalWait {

    /**
     * Reads replay positions again and waits up to the group's causalWait for a replica to pass {@code position}.
     * Each replica's position is read by at most one query at a time, shared by every waiting read (see
     * {@link PositionRefresh}), on a connection of its own, so waits never take the health checks' connection.
     * Returns the replica chosen, or {@code null} when none passed in time (or on interrupt).
     */
    public BindNode await(ReplicaGroup rg, long position, String region) {
        long entered = System.nanoTime();
        long deadline = entered + rg.options().causalWait().toNanos();
        long readWait = rg.options().healthCheckTimeout().toNanos();
        long notBefore = entered;   // first a read that started after this read arrived; then at most one per ms
        boolean waited = false;
        while (true) {
            for (BindNode r : rg.replicas()) {
                if (Balancers.usable(r, -1, region) && r.health().position() < position) {
                    r.positions().refresh(readWait, notBefore);
                }
            }
            BindNode chosen = Balancers.pick(rg, position, region);
            if (chosen != null || System.nanoTime() >= deadline) {
                if (waited) {
                    rg.primary().tokenWaits.increment();
                }
                return chosen;
            }
            waited = true;
            LockSupport.parkNanos(Math.min(1_000_000L, deadline - System.nanoTime()));
            notBefore = System.nanoTime() - 1_000_000L;
            if (Thread.currentThread().isInterrupted()) {
                return null;
            }
        }
    }
}
