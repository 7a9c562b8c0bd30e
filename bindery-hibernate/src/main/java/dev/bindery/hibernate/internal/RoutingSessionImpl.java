package dev.bindery.hibernate.internal;

import dev.bindery.spi.Access;
import dev.bindery.BindContext;
import dev.bindery.CausalToken;
import dev.bindery.spi.Route;
import dev.bindery.hibernate.CommitOutcome;
import dev.bindery.hibernate.RoutingSession;
import dev.bindery.hibernate.SessionOptions;
import dev.bindery.hibernate.UncommittedWorkException;
import jakarta.persistence.LockModeType;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Root;
import org.hibernate.Hibernate;
import org.hibernate.Session;
import org.hibernate.query.MutationQuery;
import org.hibernate.query.NativeQuery;
import org.hibernate.query.SelectionQuery;

import java.util.List;
import java.util.Set;

import static dev.bindery.hibernate.internal.SessionPolicy.describe;

/**
 * The {@link RoutingSession}: a facade that routes each operation and hands it to the Hibernate session of the bind
 * core's router chose. It wires four parts, each with one job (see docs/hibernate.md for the rules they implement):
 * <ul>
 *   <li>{@link SessionPolicy}: which request each piece of work sends to the router, and the guards (read-only,
 *       bind switch, group, region);</li>
 *   <li>{@link BindSessions}: the registry of per-bind Hibernate sessions and their transactions;</li>
 *   <li>{@link ReplicaChanges}: entities loaded from a replica and changed, written to the primary or refused;</li>
 *   <li>{@link CrossBindCommit}: the commit across binds, in the order their transactions began.</li>
 * </ul>
 * What the unit of work did so far is in its {@link SessionLedger}. A unit of work that routes once to one bind (the
 * common web read) holds only its {@link #first} bind session, with neither a registry nor a ledger: that keeps a
 * one-read session at 56 bytes over plain Hibernate (docs/benchmarks.md).
 *
 * <p>Why this class is over 400 lines: it implements the thirty-odd methods of {@link RoutingSession}, each a few
 * lines of wiring, and it keeps the one-bind fast path ({@link #first} before there is a registry) itself, because a
 * separate holder object would cost every session 16 to 24 bytes. The rules themselves live in the four parts.
 */
public final class RoutingSessionImpl implements RoutingSession {
    private final SessionPolicy policy;
    /** The session of the first bind this unit of work touched; {@code null} before the first route. */
    private BindSession first;
    /** Every bind session (including {@link #first}) once a second bind or a transaction needs it; else {@code null}. */
    private BindSessions registry;
    private SessionLedger ledger;
    private boolean closed;
    /** Set when the last commit failed with its outcome unknown or partial; kept past close() (32 bytes in all). */
    private boolean commitAmbiguous;

    RoutingSessionImpl(SessionPolicy policy) {
        this.policy = policy;
        SessionOptions options = policy.options();
        if (options.bind() != null) {
            usingBind(options.bind());
        }
        if (options.region() != null || options.after() != null) {
            ledger();
        }
    }

    // ---------------------------------------------------------------- state: ledger and bind sessions

    private SessionLedger ledger() {
        SessionLedger l = ledger;
        if (l == null) {
            l = new SessionLedger(first);
            ledger = l;
        }
        return l;
    }

    private BindSessions registry() {
        BindSessions r = registry;
        if (r == null) {
            r = new BindSessions(first);
            registry = r;
        }
        return r;
    }

    private boolean inTransaction() {
        return ledger != null && ledger.inTransaction();
    }

    private List<BindSession> transactions() {
        return registry == null ? List.of() : registry.transactions();
    }

    /** A copy of the open bind sessions, in opening order. */
    private List<BindSession> openSessions() {
        return registry != null ? registry.all() : first != null ? List.of(first) : List.of();
    }

    /** The open session of bind {@code key}, or {@code null}. */
    private BindSession openSession(String key) {
        if (registry != null) {
            return registry.get(key);
        }
        BindSession f = first;
        return f != null && f.key().equals(key) ? f : null;
    }

    /** The session of the bind {@code route} chose, opened on first use; {@code routed} is false for {@code unwrap}. */
    private BindSession bindSession(Route route, boolean routed) {
        BindSession bs = openSession(route.bind());
        if (bs == null) {
            bs = BindSessions.open(policy.db(), route, routed, policy.readOnly(), policy.options().after());
            if (first == null && registry == null) {
                first = bs;
            } else {
                registry().add(bs);
            }
        } else if (CacheModeAtRoute.caches(bs.work.session()) && BindContext.current() != BindContext.NONE) {   // a scope's causal token changes the cache modes
            CacheModeAtRoute.pinned(bs.work.session(), route, bs.readOnlyBind, policy.options().after());
        }
        return bs;
    }

    /** Forgets a bind session whose read failed, so the retry opens another; keeps the first route in the route list. */
    private void drop(BindSession bs, Exception failure) {
        ledger();
        registry().drop(bs, failure);
        if (first == bs) {
            first = null;
        }
    }

    private BindSession owner(Object entity) {
        for (BindSession bs : openSessions()) {
            if (bs.session.contains(entity)) {
                return bs;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- routing

    private Route route(String group, Access access, boolean entityWork, boolean honourExplicit, String resident) {
        checkOpen();
        Route route = policy.route(resident != null ? ledger() : ledger, transactions(), group, access, entityWork,
                honourExplicit, resident);
        if (ledger != null || first != null) {
            ledger().record(route);   // the first route of all is recorded by the bind session it opens
        }
        policy.db().routeDecided(route);
        return route;
    }

    private BindSession sessionFor(String group, Access access) {
        return sessionFor(group, access, true, true, null);
    }

    /** Routes work on entities of {@code type}, resident or not. */
    private BindSession sessionFor(Class<?> type, Access access) {
        return sessionFor(policy.db().directory().groupOf(type), access, true, true, policy.residentOf(type));
    }

    /** Routes work, opens the bind's session, and starts a transaction there when the work needs one. */
    private BindSession sessionFor(String group, Access access, boolean entityWork, boolean honourExplicit, String resident) {
        Route route = route(group, access, entityWork, honourExplicit, resident);
        BindSession bs = bindSession(route, true);
        if (access == Access.WRITE) {
            registry().begin(bs);
            SessionLedger l = ledger();
            l.wrote(group);
            l.wrote(route.group());
        } else if (inTransaction() && policy.joinsTransaction(route)) {
            registry().begin(bs);
        }
        return bs;
    }

    /**
     * Routes a write of {@code entity} to its group's primary, refused before any SQL in a read-only session (and, when
     * {@code checkRegion}, for a resident entity of another region).
     */
    private BindSession writeSessionFor(String operation, Object entity, boolean checkRegion) {
        policy.refuseInReadOnly(operation, describe(entity));
        if (checkRegion) {
            policy.checkRegionAttribute(entity);
        }
        return sessionFor(Hibernate.getClass(entity), Access.WRITE);
    }

    // ---------------------------------------------------------------- entity operations

    @Override
    public void persist(Object entity) {
        writeSessionFor("persist", entity, true).session.persist(entity);
        ledger().writesPending();
    }

    @Override
    public <T> T merge(T entity) {
        T merged = writeSessionFor("merge", entity, true).session.merge(entity);
        ledger().writesPending();
        return merged;
    }

    @Override
    public void remove(Object entity) {
        BindSession target = writeSessionFor("remove", entity, false);
        ledger().writesPending();
        BindSession owner = target.session.contains(entity) ? target : owner(entity);
        if (owner == null || owner == target) {
            target.session.remove(entity);
            return;
        }
        Object id = owner.session.getIdentifier(entity);   // loaded elsewhere (a replica): remove it on the primary
        target.session.remove(target.session.getReference(Hibernate.getClass(entity), id));
        owner.session.detach(entity);
    }

    @Override
    public <T> T find(Class<T> entityClass, Object id) {
        BindSession bs = sessionFor(entityClass, Access.READ);
        Route route = lastRoute();
        try {
            return bs.session.find(entityClass, id);
        } catch (RuntimeException e) {   // once more elsewhere if its replica failed, outside a transaction
            if (!policy.db().router().retryElsewhere(route, e, !bs.inTransaction())) {
                throw e;
            }
            drop(bs, e);
        }
        return sessionFor(entityClass, Access.READ).session.find(entityClass, id);
    }

    @Override
    public <T> T find(Class<T> entityClass, Object id, LockModeType lockMode) {
        if (isPessimistic(lockMode)) {
            policy.refuseInReadOnly("find with " + lockMode, entityClass.getSimpleName());
            return sessionFor(entityClass, Access.WRITE).session.find(entityClass, id, lockMode);
        }
        BindSession bs = sessionFor(entityClass, Access.READ);
        return lockMode == null || lockMode == LockModeType.NONE ? bs.session.find(entityClass, id) : bs.session.find(entityClass, id, lockMode);
    }

    private static boolean isPessimistic(LockModeType m) {
        return m == LockModeType.PESSIMISTIC_READ || m == LockModeType.PESSIMISTIC_WRITE
                || m == LockModeType.PESSIMISTIC_FORCE_INCREMENT;
    }

    @Override
    public <T> T getReference(Class<T> entityClass, Object id) {
        return sessionFor(entityClass, Access.READ).session.getReference(entityClass, id);
    }

    @Override
    public void refresh(Object entity) {
        managedBy(entity, "refresh").session.refresh(entity);
    }

    @Override
    public void lock(Object entity, LockModeType lockMode) {
        BindSession owner = managedBy(entity, "lock");
        if (isPessimistic(lockMode)) {
            policy.refuseLock(owner, entity, lockMode);
            registry().begin(owner);
            ledger().wrote(owner.group());
        }
        owner.session.lock(entity, lockMode);
    }

    private BindSession managedBy(Object entity, String operation) {
        checkOpen();
        BindSession owner = owner(entity);
        if (owner == null) {
            throw new IllegalArgumentException("Cannot " + operation + " " + describe(entity) + ": it is not managed by this "
                    + "session (it is new, detached, or was loaded by another session). Use find(...) or merge(...) first.");
        }
        return owner;
    }

    @Override
    public boolean contains(Object entity) {
        checkOpen();
        return owner(entity) != null;
    }

    @Override
    public void detach(Object entity) {
        checkOpen();
        BindSession owner = owner(entity);
        if (owner != null) {
            owner.session.detach(entity);
        }
    }

    @Override
    public void clear() {
        checkOpen();
        clearAll();
    }

    private void clearAll() {
        for (BindSession bs : openSessions()) {
            bs.clearQuietly();
        }
    }

    // ---------------------------------------------------------------- queries

    @Override
    public <R> SelectionQuery<R> createSelectionQuery(String hql, Class<R> resultType) {
        EntityDirectory.QueryRoot root = policy.db().directory().rootOfQuery(hql);
        return sessionFor(policy.queryGroup(ledger, root, resultType), Access.READ, true, true, policy.residentOf(root, resultType))
                .session.createSelectionQuery(hql, resultType);
    }

    @Override
    public <R> SelectionQuery<R> createSelectionQuery(CriteriaQuery<R> criteria) {
        for (Root<?> root : criteria.getRoots()) {
            return sessionFor(root.getJavaType(), Access.READ).session.createSelectionQuery(criteria);
        }
        return sessionFor(policy.defaultGroup(ledger), Access.READ).session.createSelectionQuery(criteria);
    }

    @Override
    public MutationQuery createMutationQuery(String hql) {
        policy.refuseInReadOnly("a mutation query", "\"" + hql + "\"");
        EntityDirectory.QueryRoot root = policy.db().directory().rootOfQuery(hql);
        MutationQuery q = sessionFor(policy.queryGroup(ledger, root, null), Access.WRITE, true, true, policy.residentOf(root, null))
                .session.createMutationQuery(hql);
        ledger().writesPending();
        return q;
    }

    @Override
    public <R> NativeQuery<R> createNativeQuery(String sql, Class<R> resultType) {
        return sessionFor(policy.defaultGroup(ledger), policy.nativeQueryAccess(ledger), false, true, null)
                .session.createNativeQuery(sql, resultType);
    }

    @Override
    public CriteriaBuilder getCriteriaBuilder() {
        checkOpen();
        return policy.db().mapping(policy.defaultGroup(ledger)).sessionFactory().getCriteriaBuilder();
    }

    @Override
    public CriteriaBuilder getCriteriaBuilder(Class<?> entityClass) {
        checkOpen();
        return policy.db().mapping(policy.db().directory().groupOf(entityClass)).sessionFactory().getCriteriaBuilder();
    }

    // ---------------------------------------------------------------- flush, transactions

    @Override
    public void flush() {
        checkOpen();
        if (policy.readOnly()) {
            ReplicaChanges.refuseInReadOnlySession(openSessions());
            return;
        }
        List<Runnable> afterFlush = ReplicaChanges.writeToPrimaries(openSessions(), false, group -> {
            BindSession primary = sessionFor(group, Access.WRITE, true, false, null);
            ledger().writesPending();
            return primary;
        });
        for (BindSession bs : openSessions()) {
            if (bs.readOnlyBind) {
                continue;
            }
            if (!bs.inTransaction() && bs.session.isDirty()) {
                // changed entities loaded from a primary outside a transaction: write them there.
                registry().begin(bs);
                ledger().wrote(bs.group());
            }
            if (bs.inTransaction()) {
                bs.flush();
                if (bs.work.hasWritten()) {
                    ledger().wrote(bs.group());   // dirty entities flushed: read-your-writes holds for them too
                }
            }
        }
        afterFlush.forEach(Runnable::run);
    }

    @Override
    public RoutingSession begin() {
        checkOpen();
        if (inTransaction()) {
            throw new IllegalStateException("begin() was already called on this session; commit() or rollback() first.");
        }
        ledger().begin();
        return this;
    }

    @Override
    public void commit() {
        checkOpen();
        commitAmbiguous = false;
        try {
            flush();
        } catch (RuntimeException e) {
            rollbackAll();
            throw e;
        }
        SessionLedger l = ledger;
        if (l == null) {
            return;   // neither begun nor written: nothing to commit
        }
        CommitOutcome<BindSession> outcome;
        try {
            outcome = CrossBindCommit.binds(List.copyOf(transactions()));
        } finally {
            if (registry != null) {
                registry.transactionsEnded();
            }
            l.transactionEnded();
        }
        for (BindSession bs : outcome.committed()) {
            l.committedWritesOf(bs.group());
        }
        if (!outcome.succeeded()) {
            commitAmbiguous = outcome.isAmbiguous();
            clearAll();
            throw CrossBindCommit.failureOf(outcome);
        }
    }

    @Override
    public void rollback() {
        checkOpen();
        rollbackAll();
    }

    private void rollbackAll() {
        if (registry != null) {
            registry.rollbackAll();
        }
        if (ledger != null) {
            ledger.transactionEnded();
        }
        clearAll();
    }

    @Override
    public boolean isTransactionActive() {
        return inTransaction();
    }

    @Override
    public boolean isCommitAmbiguous() {
        return commitAmbiguous;
    }

    // ---------------------------------------------------------------- binds and inspection

    @Override
    public RoutingSession usingBind(String key) {
        checkOpen();
        if (key == null) {
            if (ledger != null) {
                ledger.clearExplicitBind();
            }
            return this;
        }
        String group = policy.db().binds().groupOf(key);   // throws UnknownBindException for a typo
        policy.refuseBindSwitch(transactions(), key);
        ledger().pointAt(key, group);
        return this;
    }

    @Override
    public String explicitBind() {
        return ledger == null ? null : ledger.explicitBind();
    }

    @Override
    public Session unwrap(String key) {
        checkOpen();
        BindSession open = openSession(key);
        if (open != null) {
            return open.session;
        }
        return bindSession(policy.unrouted(key), false).session;
    }

    @Override
    public List<Route> routes() {
        if (ledger != null) {
            return ledger.routes();
        }
        return first != null && first.routed ? List.of(first.opener) : List.of();
    }

    @Override
    public Route lastRoute() {
        if (ledger != null) {
            return ledger.lastRoute();
        }
        return first != null && first.routed ? first.opener : null;
    }

    @Override
    public boolean hasWritten() {
        return ledger != null && ledger.hasWritten();
    }

    @Override
    public CausalToken causalToken() {
        return ledger == null ? CausalToken.NONE : ledger.causalToken(policy.db().binds());
    }

    @Override
    public Set<String> writtenGroups() {
        return ledger == null ? Set.of() : ledger.writtenGroups();
    }

    @Override
    public SessionOptions options() {
        return policy.options();
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("This RoutingSession is closed; open a new one with db.openSession().");
        }
    }

    /**
     * Rolls back what was not committed and closes every bind's session. Throws {@link UncommittedWorkException} after
     * closing when writes were pending. Allocates nothing for a session that holds one bind and no ledger.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        BindSessions r = registry;
        List<String> pending = null;
        RuntimeException failure = null;
        try {
            if (r != null) {
                if (ledger != null && ledger.hasPendingWrites()) {
                    pending = r.transactionKeys();
                }
                r.rollbackAll();
            }
        } finally {
            failure = r != null ? r.closeAll(null) : first != null ? first.close(null) : null;
            first = null;
            registry = null;
            ledger = null;
        }
        if (failure != null) {
            throw failure;
        }
        if (pending != null) {
            throw new UncommittedWorkException("Closed a session with uncommitted writes on binds " + pending
                    + "; they were rolled back and nothing was written. Call commit() before close(), or rollback() to "
                    + "discard them on purpose.");
        }
    }

    @Override
    public String toString() {
        String explicit = explicitBind();
        return "RoutingSession[" + (policy.readOnly() ? "read-only" : "read-write") + (explicit == null ? "" : ", using " + explicit)
                + ", binds=" + openSessions().stream().map(BindSession::key).toList() + (inTransaction() ? ", in transaction" : "") + "]";
    }
}
