package dev.bindery.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What a causal token of another timeline asks of a {@code failover=follow} group. A token from before a promotion at
 * or before the point where its timeline ended asks for writes the current history has: any member that replayed past
 * it on the current timeline serves it. Beyond that point it asks for writes the failover lost (asynchronous
 * replication): it is never waited on; the read goes to the primary, counted and logged as a token from a lost
 * timeline. A token of a timeline this process has not seen, or whose end it does not know, also goes to the primary.
 */
final class TokenTimelines {
    /** The token asks for writes a failover lost: serve the read on the primary. */
    static final long LOST = -2;
    private static final long LOG_INTERVAL_NANOS = 10_000_000_000L;
    private static final Logger LOG = LoggerFactory.getLogger(TokenTimelines.class);

    private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);

    /**
     * The position to look for on the current timeline, or {@link #LOST} when the read must go to the primary.
     *
     * @param timeline the token's timeline for this group (0: a token without one)
     * @param position the token's position (at least 0)
     */
    long position(ReplicaGroup rg, long timeline, long position) {
        GroupRoles roles = rg.roles();
        long current = roles.timeline();
        if (timeline <= 0 || current <= 0) {
            return position;   // a token written before timelines, or a database without them: positions only
        }
        long end = timeline < current ? roles.history().endOf(timeline) : -1;
        if (end >= 0 && position <= end) {
            return position;
        }
        if (end >= 0) {
            roles.lostTimelineTokens.increment();
            long now = System.nanoTime();
            long last = lastLog.get();
            if (now - last >= LOG_INTERVAL_NANOS && lastLog.compareAndSet(last, now)) {
                LOG.warn("A causal token of group '{}' asks for a position on timeline {} past where that timeline ended "
                        + "(the writes it saw were lost in the failover); its read goes to the primary ({} such tokens so far)",
                        rg.key(), timeline, roles.lostTimelineTokens.sum());
            }
        } else {
            rg.primary().tokenFallbacks.increment();
        }
        return LOST;
    }
}
