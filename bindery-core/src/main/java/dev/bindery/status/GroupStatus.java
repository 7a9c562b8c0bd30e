package dev.bindery.status;

import dev.bindery.Binds;
import dev.bindery.config.Failover;

import java.time.Instant;
import java.util.List;

/**
 * The roles of one replica group, from {@link Binds#groupStatus(String)}: which member is its primary now and, for a
 * {@code failover=follow} group, what its failovers did.
 *
 * @param group              the group's key (the bind configured as its primary)
 * @param primary            the member that is its primary now
 * @param failover           whether roles are as configured or found from the databases
 * @param timeline           the primary's timeline (PostgreSQL, {@code failover=follow}); 0 when unknown
 * @param failovers          failovers seen: another member became the primary
 * @param lastFailover       when the last one was seen, or {@code null}
 * @param splitBrain         the two writable members that cannot be told apart (writes are refused meanwhile), or empty
 * @param splitBrainRefusals writes refused because of a split-brain
 * @param lostTimelineTokens reads whose causal token asked for writes a failover lost; they went to the primary
 * @param roleChecks         rounds of role checks run so far ({@code failover=follow}): one per health-check interval,
 *                           plus one after a write failed on the primary
 */
public record GroupStatus(String group, String primary, Failover failover, long timeline, long failovers,
                          Instant lastFailover, List<String> splitBrain, long splitBrainRefusals, long lostTimelineTokens,
                          long roleChecks) {
}
