package dev.bindery.status;

import dev.bindery.spi.Role;
import dev.bindery.Binds;

/**
 * The state and numbers of one bind, from {@link Binds#status()}.
 *
 * @param key             the bind key
 * @param group           its group
 * @param role            primary or replica now (after a failover in a {@code failover=follow} group, the role the
 *                        failover gave it)
 * @param state           its health state
 * @param lastError       the last error seen (secrets removed), or {@code null}
 * @param lagMillis       replication lag in milliseconds (replicas; -1 when unknown)
 * @param lagBytes        replication lag in WAL bytes (PostgreSQL replicas; -1 when unknown)
 * @param pool            connections of its pool
 * @param reads           reads routed to it
 * @param writes          writes routed to it
 * @param fallbacks       reads it served because no replica was usable (primaries)
 * @param retries         reads retried on another member after a connection failure here
 * @param tokenWaits      reads that waited for this group's replicas to reach a causal token (primaries)
 * @param tokenFallbacks  reads with a causal token that no replica had reached, served by the primary (primaries)
 * @param tokensIgnored   causal tokens of this group ignored because they asked for a position beyond any the primary
 *                        reported (primaries); tokens ignored for their signature are in {@link ClientTokens#ignored()}
 * @param positionQueries queries that read this bind's position again for causal tokens, outside the health checks
 * @param saturated       whether a connection request timed out on its busy pool within the last connection timeout
 *                        (the bind stays {@code UP}; balancers prefer other replicas meanwhile)
 * @param saturations     connection requests that timed out waiting for its busy pool, the database reachable
 * @param ejections       times it went out of service: a replica ejected, a primary marked down, a member fenced
 * @param timeline        the timeline it reported at its last check ({@code failover=follow} PostgreSQL groups); 0
 *                        when unknown
 */
public record BindStatus(String key, String group, Role role, BindState state, String lastError, long lagMillis, long lagBytes,
                         PoolStats pool, long reads, long writes, long fallbacks, long retries, long tokenWaits,
                         long tokenFallbacks, long tokensIgnored, long positionQueries, boolean saturated, long saturations,
                         long ejections, long timeline) {
}
