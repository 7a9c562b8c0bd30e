package dev.bindery.internal;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a {@code failover=follow} group knows about its roles: the timeline of its current primary, where earlier
 * timelines ended, the members of a split-brain (two writable members that cannot be told apart), and the counts of
 * failovers, of writes refused for split-brain and of causal tokens from a lost timeline. The router reads it without
 * locks; only the health checks write it.
 */
public final class GroupRoles {
    private volatile long timeline;
    private volatile List<String> splitBrain;
    private volatile Instant lastFailover;
    private final TimelineHistory history = new TimelineHistory();
    public final LongAdder failovers = new LongAdder();
    /** Rounds of role checks run (scheduled and asked for). */
    public final LongAdder rounds = new LongAdder();
    public final LongAdder splitBrainRefusals = new LongAdder();
    public final LongAdder lostTimelineTokens = new LongAdder();
    /** A check asked for outside the schedule (a write failed on the primary) is queued and not yet run. */
    final java.util.concurrent.atomic.AtomicBoolean checkQueued = new java.util.concurrent.atomic.AtomicBoolean();

    /** The timeline of the current primary; 0 when unknown (MariaDB, or before the first check). */
    public long timeline() {
        return timeline;
    }

    void timeline(long t) {
        timeline = t;
    }

    /** The two writable members that cannot be told apart, or {@code null} when there is no split-brain. */
    public List<String> splitBrain() {
        return splitBrain;
    }

    void splitBrain(List<String> members) {
        splitBrain = members == null ? null : List.copyOf(members);
    }

    /** When the last failover was seen, or {@code null} before the first. */
    public Instant lastFailover() {
        return lastFailover;
    }

    void failedOver(Instant at) {
        failovers.increment();
        lastFailover = at;
    }

    /** Where earlier timelines ended. */
    public TimelineHistory history() {
        return history;
    }
}
