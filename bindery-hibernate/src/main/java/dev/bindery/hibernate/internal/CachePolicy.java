package dev.bindery.hibernate.internal;

import dev.bindery.BindContext;
import dev.bindery.CausalToken;
import dev.bindery.spi.Role;
import org.hibernate.CacheMode;

/**
 * Decides the second-level {@link CacheMode} of a unit of work from where it was routed and whether it carries a
 * causal token (docs/second-level-cache.md explains why):
 * <ul>
 *   <li>on the primary: {@link CacheMode#NORMAL}, the cache as Hibernate runs it (reads, puts, writes through on
 *       commit);</li>
 *   <li>on a replica or read-only bind: {@link CacheMode#GET}: it reads the cache, which only the primary fills, and
 *       never puts, because what a lagging replica returns is older than the primary and would be served as current
 *       to every later unit of work, primary reads included. Its queries get {@link CacheMode#IGNORE}
 *       ({@link #forQueries}): Hibernate 7.2 and 7.4 store the result of a query-cache miss even in {@code GET};</li>
 *   <li>with a causal token: no cache reads ({@link CacheMode#PUT} on the primary, {@link CacheMode#IGNORE} on a
 *       replica), because the token may name a write made by another JVM that this JVM's cache never saw.</li>
 * </ul>
 * Before the route is known ({@code role == null}) nothing is put: only routed work may fill the cache.
 */
final class CachePolicy {
    private CachePolicy() {
    }

    /**
     * The cache mode of work routed to a bind of {@code role} ({@code null}: not routed yet), carrying a causal token
     * when {@code tokenRead}.
     */
    public static CacheMode of(Role role, boolean tokenRead) {
        if (tokenRead) {
            return role == Role.PRIMARY ? CacheMode.PUT : CacheMode.IGNORE;
        }
        return role == Role.PRIMARY ? CacheMode.NORMAL : CacheMode.GET;
    }

    /**
     * The cache mode of a query of work routed to a bind of {@code role} ({@code null}: not routed yet): that of
     * {@link #of(Role, boolean)} on the primary, else {@link CacheMode#IGNORE}, because Hibernate puts the result of a
     * query-cache miss into the cache whenever the query may read it, {@code GET} included.
     */
    public static CacheMode forQueries(Role role, boolean tokenRead) {
        return role == Role.PRIMARY ? of(role, tokenRead) : CacheMode.IGNORE;
    }

    /** Whether the work carries a causal token: the session's, or that of the thread's {@link BindContext}. */
    public static boolean carriesToken(CausalToken sessionToken) {
        if (sessionToken != null && !sessionToken.isEmpty()) {
            return true;
        }
        CausalToken scoped = BindContext.current().token();
        return scoped != null && !scoped.isEmpty();
    }
}
