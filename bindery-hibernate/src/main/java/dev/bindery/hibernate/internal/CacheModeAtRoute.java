package dev.bindery.hibernate.internal;

import dev.bindery.CausalToken;
import dev.bindery.hibernate.SessionProperties;
import dev.bindery.spi.Role;
import dev.bindery.spi.Route;
import org.hibernate.CacheMode;
import org.hibernate.Session;
import org.hibernate.StatelessSession;
import org.hibernate.cfg.CacheSettings;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

/**
 * Where the second-level cache follows routing: the cache modes {@link CachePolicy} gives a session's work, set when
 * a standard session opens ({@link #opened}), each time its unit of work is routed ({@link #routed}) and when the unit
 * ends ({@link #released}), and on the per-bind sessions of a {@code RoutingSession} ({@link #pinned}).
 *
 * <p>A session has two modes: {@code Session.find} reads the JPA cache properties, everything else (queries, lazy
 * loads) Hibernate's {@code CacheMode}. Before the route is known, finds may read the cache but put nothing, and
 * queries neither read nor put: Hibernate decides a query's cache use before the statement that routes the work, and
 * it puts the result of a query-cache miss even in {@code GET}, so a query whose work turns out to be routed to a
 * replica would otherwise store the replica's answer. A session whose factory has no cache is never touched.
 */
final class CacheModeAtRoute {
    /** Stands for a token known to be there but not read here: any token at all bypasses the cache. */
    private static final CausalToken ANY_TOKEN = CausalToken.of("?", 0);

    private CacheModeAtRoute() {
    }

    /** A session of a factory with a cache opened ({@code RoutedSessionFactory.caches()} is checked by the caller). */
    static void opened(SharedSessionContractImplementor session, UnitOfWork work) {
        if (!work.isPinned()) {
            notRouted(session);
        }
    }

    /** The unit of work of a session of a factory with a cache was routed (the caller checked the factory). */
    static void routed(SharedSessionContractImplementor session, Route route, UnitOfWork work) {
        if (!work.isPinned()) {
            applyFor(session, route.role(), work.heldAfterToken() ? ANY_TOKEN : tokenOf(session));
        }
    }

    /**
     * The unit of work ended: its connection was released, or its transaction completed. A transaction releases its
     * connection before Hibernate writes its changes through to the cache, so the modes wait for those. The caller
     * checked that the session's factory has a cache.
     */
    static void released(SharedSessionContractImplementor session, UnitOfWork work) {
        if (!work.isPinned() && work.heldRoute() == null && session.isOpen()
                && !(session instanceof SessionImplementor s && s.getActionQueue().hasAfterTransactionActions())) {
            notRouted(session);
        }
    }

    /**
     * Sets the modes of a {@code RoutingSession}'s session of one bind, whose route never changes: of a replica when
     * {@code readOnlyBind}, else of the route's role; {@code sessionToken} is the routing session's causal token.
     */
    static void pinned(SharedSessionContractImplementor session, Route route, boolean readOnlyBind, CausalToken sessionToken) {
        if (caches(session)) {
            applyFor(session, readOnlyBind ? Role.REPLICA : route.role(), sessionToken);
        }
    }

    private static void notRouted(SharedSessionContractImplementor session) {
        applyFor(session, null, tokenOf(session));
    }

    /** The modes of work on a bind of {@code role} ({@code null}: not routed yet) carrying {@code sessionToken} or the thread's. */
    private static void applyFor(SharedSessionContractImplementor session, Role role, CausalToken sessionToken) {
        boolean token = CachePolicy.carriesToken(sessionToken);
        apply(session, CachePolicy.of(role, token), CachePolicy.forQueries(role, token));
    }

    /** Whether {@code session}'s factory has a second-level or query cache. */
    static boolean caches(SharedSessionContractImplementor session) {
        var options = session.getFactory().getSessionFactoryOptions();
        return options.isSecondLevelCacheEnabled() || options.isQueryCacheEnabled();
    }

    private static CausalToken tokenOf(SharedSessionContractImplementor session) {
        // a token in text form was verified when the route was asked for; here any token at all bypasses the cache
        Object after = SessionPropertyReader.get(session, SessionProperties.AFTER);
        return after instanceof CausalToken t ? t : after != null ? ANY_TOKEN : null;
    }

    /** Sets the mode {@code find} reads (the JPA cache properties) and the one queries and loads read. */
    private static void apply(SharedSessionContractImplementor session, CacheMode finds, CacheMode others) {
        if (session instanceof Session s) {
            if (SessionPropertyReader.get(session, CacheSettings.JAKARTA_SHARED_CACHE_STORE_MODE) != finds.getJpaStoreMode()
                    || SessionPropertyReader.get(session, CacheSettings.JAKARTA_SHARED_CACHE_RETRIEVE_MODE) != finds.getJpaRetrieveMode()) {
                s.setProperty(CacheSettings.JAKARTA_SHARED_CACHE_RETRIEVE_MODE, finds.getJpaRetrieveMode());
                s.setProperty(CacheSettings.JAKARTA_SHARED_CACHE_STORE_MODE, finds.getJpaStoreMode());
            }
            s.setCacheMode(others);
        } else if (session instanceof StatelessSession s) {
            s.setCacheMode(others);
        }
    }
}
