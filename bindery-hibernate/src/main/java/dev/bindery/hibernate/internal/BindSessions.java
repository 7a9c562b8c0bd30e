package dev.bindery.hibernate.internal;

import dev.bindery.CausalToken;
import dev.bindery.spi.Role;
import dev.bindery.spi.Route;
import org.hibernate.FlushMode;
import org.hibernate.Session;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry of a routing session's Hibernate sessions, one per bind: every open bind session in opening order, the
 * one used last (consecutive work on one bind skips the lookup), and those with a transaction open, in the order their
 * transactions began, which is the commit order. A routing session that only ever works on one bind outside a
 * transaction never creates one: it holds that single bind session itself until a second bind or a transaction needs
 * the registry, which keeps a one-read session at 56 bytes over plain Hibernate.
 */
final class BindSessions {
    private final Map<String, BindSession> byKey = new LinkedHashMap<>(4);
    private final List<BindSession> transactions = new ArrayList<>(2);
    private BindSession last;

    /** A registry holding {@code first}, the session's only bind session so far, if any. */
    BindSessions(BindSession first) {
        if (first != null) {
            add(first);
        }
    }

    /**
     * Opens the Hibernate session of the bind {@code route} chose, on the routed SessionFactory of its group, pinned to
     * that route; replicas, read-only binds and read-only routing sessions get {@link FlushMode#MANUAL}, and the cache
     * modes of their bind ({@link CacheModeAtRoute#pinned}, {@code token}: the routing session's causal token).
     *
     * @param routed whether the router chose {@code route} (false for {@code unwrap(key)})
     */
    static BindSession open(DatabaseRuntime db, Route route, boolean routed, boolean readOnlySession, CausalToken token) {
        String key = route.bind();
        // the route's role is the bind's role now: a replica promoted under failover=follow is routed as the primary and
        // takes writes (its configuration still says replica), an old primary demoted to a replica takes none
        boolean roBind = route.role() != Role.PRIMARY || db.binds().config(key).readOnly();
        UnitOfWork work = db.mapping(route.group()).sessionFactory().openPinned(route);
        ((Session) work.session()).setHibernateFlushMode(roBind || readOnlySession ? FlushMode.MANUAL : FlushMode.AUTO);
        CacheModeAtRoute.pinned(work.session(), route, roBind, token);
        return new BindSession(route, routed, roBind, work);
    }

    /** The open session of bind {@code key}, or {@code null}. */
    BindSession get(String key) {
        BindSession l = last;
        if (l != null && l.key().equals(key)) {
            return l;
        }
        BindSession bs = byKey.get(key);
        if (bs != null) {
            last = bs;
        }
        return bs;
    }

    void add(BindSession bs) {
        byKey.put(bs.key(), bs);
        last = bs;
    }

    /** Forgets {@code bs} and closes its Hibernate session (a broken one), adding a close failure to {@code failure}. */
    void drop(BindSession bs, Exception failure) {
        byKey.remove(bs.key());
        transactions.remove(bs);
        if (last == bs) {
            last = null;
        }
        RuntimeException closing = bs.close(null);
        if (closing != null) {
            failure.addSuppressed(closing);
        }
    }

    /** A copy of the open bind sessions, in opening order. */
    List<BindSession> all() {
        return new ArrayList<>(byKey.values());
    }

    /** Begins a transaction on {@code bs} unless one is open there; a new one goes last in the commit order. */
    void begin(BindSession bs) {
        if (bs.begin()) {
            transactions.add(bs);
        }
    }

    /** The bind sessions with a transaction open, in the order the transactions began (the commit order). */
    List<BindSession> transactions() {
        return Collections.unmodifiableList(transactions);
    }

    /** The keys of the binds with a transaction open, in commit order. */
    List<String> transactionKeys() {
        List<String> out = new ArrayList<>(transactions.size());
        for (BindSession bs : transactions) {
            out.add(bs.key());
        }
        return out;
    }

    /** Forgets the transactions, which the caller committed or rolled back. */
    void transactionsEnded() {
        transactions.clear();
    }

    /** Rolls back every open transaction, logging failures. */
    void rollbackAll() {
        for (BindSession bs : transactions) {
            bs.rollbackQuietly();
        }
        transactions.clear();
    }

    /** Closes every bind session, adding failures to {@code failure}; returns the first failure. */
    RuntimeException closeAll(RuntimeException failure) {
        for (BindSession bs : byKey.values()) {
            failure = bs.close(failure);
        }
        return failure;
    }
}
