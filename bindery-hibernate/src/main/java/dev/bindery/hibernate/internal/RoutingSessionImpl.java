package dev.bindery.hibernate.internal;

import dev.bindery.spi.RouteReason;
import dev.bindery.spi.Route;
import dev.bindery.Access;
import dev.bindery.BindSwitchException;
import dev.bindery.Binds;
import dev.bindery.ReplicaWriteException;
import dev.bindery.hibernate.BindGroupMismatchException;
import dev.bindery.hibernate.PartialCommitException;
import dev.bindery.hibernate.ReadOnlySessionException;
import dev.bindery.hibernate.ReplicaEntityModifiedException;
import dev.bindery.hibernate.RetryPolicy;
import dev.bindery.hibernate.RoutingSession;
import dev.bindery.hibernate.SessionOptions;
import dev.bindery.hibernate.UncommittedWorkException;
import jakarta.persistence.LockModeType;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Root;
import org.hibernate.FlushMode;
import org.hibernate.Hibernate;
import org.hibernate.Session;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.query.MutationQuery;
import org.hibernate.query.NativeQuery;
import org.hibernate.query.SelectionQuery;
import org.hibernate.type.Type;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The {@link RoutingSession}: one lazily opened Hibernate session per bind, every route asked from core's router.
 * See docs/hibernate.md for the rules it implements.
 *
 * <p>A unit of work that routes once to one bind (the common web read) holds only its {@link #first} bind session;
 * everything else lives in a {@link SessionLedger} created on the second route, the first write, {@code begin()},
 * {@code usingBind} or a region or token in the options. That keeps a one-read session at 56 bytes over plain
 * Hibernate (docs/benchmarks.md).
 */
public final class RoutingSessionImpl implements RoutingSession {
    private static final Logger LOG = LoggerFactory.getLogger(RoutingSessionImpl.class);

    private final DatabaseRuntime db;
    private final SessionOptions options;
    /** The session of the first bind this unit of work touched; {@code null} before the first route. */
    private BindSession first;
    private SessionLedger ledger;
    private boolean closed;
    /** Set when a commit failed with its outcome unknown or partial; kept past close() (still 32 bytes in all). */
    private boolean commitAmbiguous;

    RoutingSessionImpl(DatabaseRuntime db, SessionOptions options) {
        this.db = db;
        this.options = options == null ? SessionOptions.DEFAULT : options;
        if (this.options.bind() != null) {
            usingBind(this.options.bind());
        }
        if (this.options.region() != null || this.options.after() != null) {
            ledger();
        }
    }

    // ---------------------------------------------------------------- routing

    private SessionLedger ledger() {
        SessionLedger l = ledger;
        if (l == null) {
            l = new SessionLedger(first);
            ledger = l;
        }
        return l;
    }

    private boolean inTransaction() {
        return ledger != null && ledger.transaction;
    }

    private String explicitBindKey() {
        return ledger == null ? null : ledger.explicitBind;
    }

    private String explicitGroup() {
        return ledger == null ? null : ledger.explicitGroup;
    }

    /** A copy of the open Hibernate sessions of this unit of work, in opening order. */
    private List<BindSession> openSessions() {
        List<BindSession> out = new ArrayList<>(2);
        if (first != null) {
            out.add(first);
        }
        if (ledger != null && ledger.others != null) {
            out.addAll(ledger.others.values());
        }
        return out;
    }

    private Route route(String group, Access access, boolean entityWork, boolean honourExplicit, String resident) {
        checkOpen();
        SessionLedger l = ledger;
        dev.bindery.spi.RouteRequest request;
        if (honourExplicit && l != null && l.explicitBind != null
                && (group.equals(l.explicitGroup) || l.explicitGroup.startsWith(group + "@"))) {   // or its regional group
            request = db.requests().explicit(l.explicitBind, access);
        } else {
            RouteReason reason = null;
            if (access != Access.WRITE) {
                if (l != null && l.transaction && !options.readOnly()) {
                    reason = RouteReason.READ_WRITE_TRANSACTION;
                } else if (options.primaryReads() || (l != null && l.hasWritten(group))) {
                    reason = RouteReason.READ_YOUR_WRITES;
                }
            }
            request = db.requests().of(group, access, reason);
        }
        if (resident != null) {
            request = ledger().resident(request, resident);
        }
        if (options.region() != null || options.after() != null) {
            request = ledger().adjusted(request, options.region(), options.after());
        }
        Route route = db.router().route(request);
        if (entityWork && !route.group().equals(group) && !route.group().startsWith(group + "@")) {
            throw new BindGroupMismatchException("Work on an entity of group '" + group + "' was routed to bind '"
                    + route.bind() + "' of group '" + route.group() + "' (" + route.reason() + "), which does not map it. "
                    + "Nothing was sent. Close the BindContext scope for this work, or point it at a bind of group '"
                    + group + "'.");
        }
        l = ledger;
        if (l != null) {
            for (int i = 0, n = l.transactions.size(); i < n; i++) {
                BindSession open = l.transactions.get(i);
                if (open.group().equals(route.group()) && !open.key().equals(route.bind())) {
                    throw new BindSwitchException("A transaction is open on bind '" + open.key() + "' of group '" + open.group()
                            + "', but this " + access.name().toLowerCase(java.util.Locale.ROOT) + " was routed to bind '"
                            + route.bind() + "' (" + route.reason() + "). A transaction never changes bind: commit() or "
                            + "rollback() first, then switch; or drop the explicit bind (usingBind(null)) inside the transaction.");
                }
            }
            l.record(route);
        } else if (first != null) {
            ledger().record(route);   // the second route: the ledger starts with the first
        }
        // the first route of all is recorded by the bind session it opens
        db.routeDecided(route);
        return route;
    }

    /** Routes work, opens the bind's session, and starts a transaction there when the work needs one. */
    private BindSession sessionFor(String group, Access access) {
        return sessionFor(group, access, true, true, null);
    }

    private BindSession sessionFor(String group, Access access, boolean entityWork) {
        return sessionFor(group, access, entityWork, true, null);
    }

    /** Routes work on entities of {@code type}, resident or not. */
    private BindSession sessionFor(Class<?> type, Access access) {
        ResidentEntity r = db.directory().resident(type);
        return sessionFor(db.directory().groupOf(type), access, true, true, r == null ? null : r.name());
    }

    private BindSession sessionFor(String group, Access access, boolean entityWork, boolean honourExplicit, String resident) {
        Route route = route(group, access, entityWork, honourExplicit, resident);
        BindSession bs = bindSession(route, true);
        if (access == Access.WRITE) {
            beginOn(bs);
            SessionLedger l = ledger();
            l.wrote(group);
            l.wrote(route.group());
        } else if (inTransaction() && (!options.readOnly() || route.reason() == RouteReason.EXPLICIT_BIND)) {
            beginOn(bs);
        }
        return bs;
    }

    /** The open session of bind {@code key}, or {@code null}. */
    private BindSession openSession(String key) {
        SessionLedger l = ledger;
        if (l != null && l.last != null && l.last.key().equals(key)) {
            return l.last;
        }
        BindSession bs = first != null && first.key().equals(key) ? first
                : l != null && l.others != null ? l.others.get(key) : null;
        if (bs != null && l != null) {
            l.last = bs;
        }
        return bs;
    }

    /** The session of the bind {@code route} chose, opened on first use; {@code routed} is false for {@code unwrap}. */
    private BindSession bindSession(Route route, boolean routed) {
        BindSession bs = openSession(route.bind());
        if (bs != null) {
            return bs;
        }
        String key = route.bind();
        boolean roBind = db.isReadOnlyBind(key);
        Session s = db.mapping(route.group()).sessionFactory().withOptions()
                .tenantIdentifier((Object) key)
                .flushMode(roBind || options.readOnly() ? FlushMode.MANUAL : FlushMode.AUTO)
                .openSession();
        bs = new BindSession(route, routed, roBind, s);
        if (first == null && (ledger == null || ledger.others == null || ledger.others.isEmpty())) {
            first = bs;
        } else {
            ledger().addOther(bs);
        }
        if (ledger != null) {
            ledger.last = bs;
        }
        return bs;
    }

    private void beginOn(BindSession bs) {
        if (!bs.transactionOpen) {
            bs.session.beginTransaction();
            bs.transactionOpen = true;
            ledger().transactions.add(bs);
        }
    }

    private void refuseInReadOnly(String operation, Object subject) {
        if (options.readOnly()) {
            throw new ReadOnlySessionException("Refused " + operation + (subject == null ? "" : " of " + subject)
                    + " in a read-only session; nothing was sent. A read-only session never writes: open a read-write "
                    + "session (db.openSession()) for work that writes.");
        }
    }

    private static String describe(Object entity) {
        return entity == null ? "null" : Hibernate.getClass(entity).getSimpleName();
    }

    private BindSession owner(Object entity) {
        for (BindSession bs : openSessions()) {
            if (bs.session.contains(entity)) {
                return bs;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- entity operations

    @Override
    public void persist(Object entity) {
        refuseInReadOnly("persist", describe(entity));
        checkRegionAttribute(entity);
        sessionFor(Hibernate.getClass(entity), Access.WRITE).session.persist(entity);
        ledger().pendingWrites = true;
    }

    @Override
    public <T> T merge(T entity) {
        refuseInReadOnly("merge", describe(entity));
        checkRegionAttribute(entity);
        T merged = sessionFor(Hibernate.getClass(entity), Access.WRITE).session.merge(entity);
        ledger().pendingWrites = true;
        return merged;
    }

    @Override
    public void remove(Object entity) {
        refuseInReadOnly("remove", describe(entity));
        BindSession target = sessionFor(Hibernate.getClass(entity), Access.WRITE);
        ledger().pendingWrites = true;
        if (target.session.contains(entity)) {
            target.session.remove(entity);
            return;
        }
        BindSession owner = owner(entity);
        if (owner == null) {
            target.session.remove(entity);
            return;
        }
        Object id = owner.session.getIdentifier(entity);
        target.session.remove(target.session.getReference(Hibernate.getClass(entity), id));
        owner.session.detach(entity);
    }

    @Override
    public <T> T find(Class<T> entityClass, Object id) {
        BindSession bs = sessionFor(entityClass, Access.READ);
        try {
            return bs.session.find(entityClass, id);
        } catch (RuntimeException e) {
            if (!retryable(bs, e)) {
                throw e;
            }
            return sessionFor(entityClass, Access.READ).session.find(entityClass, id);
        }
    }

    /**
     * Whether a read that failed on {@code bs} may run once more elsewhere: outside a transaction, on a replica, with
     * a connection-level failure (core ejects the replica). The broken Hibernate session is dropped.
     */
    private boolean retryable(BindSession bs, RuntimeException e) {
        if (bs.transactionOpen || !db.binds().reportFailure(bs.key(), e)) {
            return false;
        }
        SessionLedger l = ledger();   // keeps the first route in the route list when the first session goes
        if (first == bs) {
            first = null;
        } else if (l.others != null) {
            l.others.remove(bs.key());
        }
        if (l.last == bs) {
            l.last = null;
        }
        try {
            bs.session.close();
        } catch (RuntimeException closing) {
            e.addSuppressed(closing);
        }
        LOG.info("Read on replica '{}' lost its connection; retrying once on another member", bs.key());
        return true;
    }

    @Override
    public <T> T find(Class<T> entityClass, Object id, LockModeType lockMode) {
        if (isPessimistic(lockMode)) {
            refuseInReadOnly("find with " + lockMode, entityClass.getSimpleName());
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
            refuseInReadOnly("lock " + lockMode, describe(entity));
            if (owner.readOnlyBind) {
                throw new ReplicaWriteException("Cannot lock " + describe(entity) + " with " + lockMode + ": it was loaded from '"
                        + owner.key() + "', which is read-only and takes no locks. Nothing was sent. Load it for writing "
                        + "with find(" + describe(entity) + ".class, id, LockModeType." + lockMode + "), which goes to the primary.");
            }
            beginOn(owner);
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

    // ---------------------------------------------------------------- queries

    private String residentOf(EntityDirectory.QueryRoot root, Class<?> resultType) {
        String subject = root.resident();
        if (subject == null && resultType != null && root.group() == null && db.directory().isEntity(resultType)) {
            ResidentEntity r = db.directory().resident(resultType);
            subject = r == null ? null : r.name();
        }
        return subject;
    }

    /** Refuses, before any SQL, an entity whose own region attribute disagrees with the session's region. */
    private void checkRegionAttribute(Object entity) {
        ResidentEntity r = db.directory().resident(Hibernate.getClass(entity));
        if (r == null) {
            return;
        }
        String own = r.regionOf(entity);
        String current = options.region() != null ? options.region() : dev.bindery.BindContext.current().region();
        if (own != null && current != null && !own.equals(current)) {
            throw new dev.bindery.ResidencyViolationException(r.name() + " belongs to region '" + own + "' (its "
                    + r.regionField().getName() + "), but this session works in region '" + current + "'. Nothing was sent. "
                    + "Write it from a session of region '" + own + "' (SessionOptions.builder().region(\"" + own + "\")).",
                    current, java.util.List.of());
        }
    }

    private String queryGroup(EntityDirectory.QueryRoot root, Class<?> resultType) {
        String g = root.group();
        if (g == null && resultType != null && db.directory().isEntity(resultType)) {
            g = db.directory().groupOf(resultType);
        }
        if (g == null) {
            g = explicitGroup() != null ? explicitGroup() : Binds.DEFAULT;
        }
        return g;
    }

    @Override
    public <R> SelectionQuery<R> createSelectionQuery(String hql, Class<R> resultType) {
        EntityDirectory.QueryRoot root = db.directory().rootOfQuery(hql);
        return sessionFor(queryGroup(root, resultType), Access.READ, true, true, residentOf(root, resultType))
                .session.createSelectionQuery(hql, resultType);
    }

    @Override
    public <R> SelectionQuery<R> createSelectionQuery(CriteriaQuery<R> criteria) {
        for (Root<?> root : criteria.getRoots()) {
            return sessionFor(root.getJavaType(), Access.READ).session.createSelectionQuery(criteria);
        }
        return sessionFor(explicitGroup() != null ? explicitGroup() : Binds.DEFAULT, Access.READ).session.createSelectionQuery(criteria);
    }

    @Override
    public MutationQuery createMutationQuery(String hql) {
        refuseInReadOnly("a mutation query", "\"" + hql + "\"");
        EntityDirectory.QueryRoot root = db.directory().rootOfQuery(hql);
        MutationQuery q = sessionFor(queryGroup(root, null), Access.WRITE, true, true, residentOf(root, null))
                .session.createMutationQuery(hql);
        ledger().pendingWrites = true;
        return q;
    }

    @Override
    public <R> NativeQuery<R> createNativeQuery(String sql, Class<R> resultType) {
        String g = explicitGroup() != null ? explicitGroup() : Binds.DEFAULT;
        Access access = options.readOnly() || (explicitBindKey() != null && db.isReadOnlyBind(explicitBindKey())) ? Access.READ : Access.WRITE;
        return sessionFor(g, access, false).session.createNativeQuery(sql, resultType);
    }

    @Override
    public CriteriaBuilder getCriteriaBuilder() {
        checkOpen();
        return db.mapping(explicitGroup() != null ? explicitGroup() : Binds.DEFAULT).sessionFactory().getCriteriaBuilder();
    }

    @Override
    public CriteriaBuilder getCriteriaBuilder(Class<?> entityClass) {
        checkOpen();
        return db.mapping(db.directory().groupOf(entityClass)).sessionFactory().getCriteriaBuilder();
    }

    // ---------------------------------------------------------------- flush, transactions

    @Override
    public void flush() {
        checkOpen();
        if (options.readOnly()) {
            refuseChangesInReadOnlySession();
            return;
        }
        List<Runnable> afterFlush = writeReplicaChangesToPrimaries();
        for (BindSession bs : new ArrayList<>(openSessions())) {
            if (bs.readOnlyBind) {
                continue;
            }
            if (!bs.transactionOpen && bs.session.isDirty()) {
                // changed entities loaded from a primary outside a transaction: write them there.
                beginOn(bs);
                ledger().wrote(bs.group());
            }
            if (bs.transactionOpen) {
                bs.session.flush();
            }
        }
        afterFlush.forEach(Runnable::run);
    }

    private void refuseChangesInReadOnlySession() {
        for (BindSession bs : openSessions()) {
            SessionImplementor si = bs.session.unwrap(SessionImplementor.class);
            List<String> changes = new ArrayList<>();
            for (EntityChange c : ChangeScanner.changedEntities(si)) {
                changes.add(c.describe());
            }
            changes.addAll(ChangeScanner.changedCollections(si));
            if (!changes.isEmpty()) {
                throw new ReadOnlySessionException("Refused to flush changes in a read-only session: " + changes
                        + ", loaded from bind '" + bs.key() + "'. Nothing was sent. A read-only session never writes: load "
                        + "the entity in a read-write session (db.openSession()) to change it, or detach it.");
            }
        }
    }

    /**
     * Writes the changed attributes of replica-loaded entities onto fresh, locked copies in the primary session, so a
     * stale replica copy never overwrites newer columns. Returns what to do once the primaries have flushed.
     */
    private List<Runnable> writeReplicaChangesToPrimaries() {
        List<Runnable> after = null;
        for (BindSession bs : new ArrayList<>(openSessions())) {
            if (!bs.readOnlyBind) {
                continue;
            }
            SessionImplementor si = bs.session.unwrap(SessionImplementor.class);
            List<String> collections = ChangeScanner.changedCollections(si);
            if (!collections.isEmpty()) {
                throw new ReplicaEntityModifiedException("Collections " + collections + " were changed on entities loaded "
                        + "from replica '" + bs.key() + "'. Bindery writes only changed attributes of replica-loaded entities "
                        + "and cannot merge collection changes safely, so nothing was written. Load the entity for writing: "
                        + "find(Entity.class, id, LockModeType.PESSIMISTIC_WRITE), or inside db.inTransaction(...).");
            }
            for (EntityChange c : ChangeScanner.changedEntities(si)) {
                if (after == null) {
                    after = new ArrayList<>();
                }
                after.add(writeToPrimary(bs, c));
            }
        }
        return after == null ? List.of() : after;
    }

    private Runnable writeToPrimary(BindSession replica, EntityChange c) {
        EntityPersister p = c.persister();
        Type[] types = p.getPropertyTypes();
        for (int i : c.dirty()) {
            if (types[i].isCollectionType()) {
                throw new ReplicaEntityModifiedException(c.describe() + " was loaded from replica '" + replica.key()
                        + "' and its collection '" + p.getPropertyNames()[i] + "' was replaced. Bindery cannot merge "
                        + "collection changes safely, so nothing was written. Load the entity for writing: find("
                        + p.getMappedClass().getSimpleName() + ".class, id, LockModeType.PESSIMISTIC_WRITE).");
            }
        }
        if (options.readOnly()) {
            throw new ReadOnlySessionException("Refused changes to " + c.describe() + " in a read-only session.");
        }
        // the write of a replica-loaded change goes to the group's primary even when the session points at the replica
        BindSession primary = sessionFor(replica.group(), Access.WRITE, true, false, null);
        ledger().pendingWrites = true;
        Object id = c.entry().getId();
        Object target = primary.session.find(p.getMappedClass(), id, LockModeType.PESSIMISTIC_WRITE);
        if (target == null) {
            throw new ReplicaEntityModifiedException(c.describe() + " was loaded from replica '" + replica.key()
                    + "' and changed, but the row no longer exists on the primary '" + primary.key() + "'. Nothing was "
                    + "written. Reload it from the primary (find inside db.inTransaction(...)) and decide what to do.");
        }
        int versionIndex = p.isVersioned() ? p.getVersionPropertyIndex() : -1;
        if (versionIndex >= 0) {
            Object primaryVersion = p.getVersion(target);
            if (!Objects.equals(primaryVersion, c.entry().getVersion())) {
                throw new OptimisticLockException(c.describe() + " was loaded from replica '" + replica.key()
                        + "' at version " + c.entry().getVersion() + ", but the primary '" + primary.key() + "' has version "
                        + primaryVersion + ": someone changed it meanwhile. Nothing was written; reload and retry.",
                        null, c.entity());
            }
        }
        SessionFactoryImplementor sfi = primary.session.getSessionFactory().unwrap(SessionFactoryImplementor.class);
        for (int i : c.dirty()) {
            if (i != versionIndex) {
                p.setValue(target, i, types[i].deepCopy(c.current()[i], sfi));
            }
        }
        LOG.debug("Wrote changed attributes of {} from replica '{}' to primary '{}'", c.describe(), replica.key(), primary.key());
        return () -> {
            Object[] state = p.getValues(c.entity());
            for (int i = 0; i < state.length; i++) {
                state[i] = types[i].deepCopy(state[i], sfi);
            }
            c.entry().postUpdate(c.entity(), state, versionIndex >= 0 ? p.getVersion(target) : null);
        };
    }

    @Override
    public RoutingSession begin() {
        checkOpen();
        if (inTransaction()) {
            throw new IllegalStateException("begin() was already called on this session; commit() or rollback() first.");
        }
        ledger().transaction = true;
        return this;
    }

    @Override
    public void commit() {
        checkOpen();
        try {
            flush();
        } catch (RuntimeException e) {
            rollbackAll();
            throw e;
        }
        if (ledger == null) {
            return;   // neither begun nor written: nothing to commit
        }
        SessionLedger l = ledger;
        List<String> committed = new ArrayList<>(l.transactions.size());
        BindSession[] order = l.transactions.toArray(new BindSession[0]);
        try {
            for (int i = 0; i < order.length; i++) {
                BindSession bs = order[i];
                try {
                    bs.session.getTransaction().commit();
                    bs.transactionOpen = false;
                    committed.add(bs.key());
                    l.committedWritesOf(bs.group());
                } catch (RuntimeException e) {
                    bs.transactionOpen = false;
                    String state = RetryPolicy.isTransient(e) && !RetryPolicy.isConnectionLoss(e) ? "definite" : "ambiguous";
                    commitAmbiguous = !committed.isEmpty() || state.equals("ambiguous");
                    rollbackQuietly(bs);
                    List<String> rolledBack = new ArrayList<>();
                    for (int j = i + 1; j < order.length; j++) {
                        rollbackQuietly(order[j]);
                        rolledBack.add(order[j].key());
                    }
                    clearAll();
                    if (committed.isEmpty()) {
                        throw e;
                    }
                    throw new PartialCommitException(committed, bs.key(), rolledBack, e);
                }
            }
        } finally {
            l.transactions.clear();
            l.transaction = false;
            l.pendingWrites = false;
        }
    }

    @Override
    public void rollback() {
        checkOpen();
        rollbackAll();
    }

    private void rollbackAll() {
        if (ledger != null) {
            for (BindSession bs : ledger.transactions) {
                rollbackQuietly(bs);
            }
            ledger.transactions.clear();
            ledger.transaction = false;
            ledger.pendingWrites = false;
        }
        clearAll();
    }

    private void clearAll() {
        for (BindSession bs : openSessions()) {
            try {
                bs.session.clear();
            } catch (RuntimeException e) {
                LOG.debug("Could not clear the session of bind '{}'", bs.key(), e);
            }
        }
    }

    private static void rollbackQuietly(BindSession bs) {
        bs.transactionOpen = false;
        try {
            if (bs.session.isOpen() && bs.session.getTransaction().isActive()) {
                bs.session.getTransaction().rollback();
            }
        } catch (RuntimeException e) {
            LOG.warn("Rollback of bind '{}' failed: {}", bs.key(), e.toString());
        }
    }

    @Override
    public boolean isTransactionActive() {
        return inTransaction();
    }

    /** Whether the last commit failed in a way that leaves its outcome unknown or partial: never rerun the unit. */
    public boolean commitAmbiguous() {
        return commitAmbiguous;
    }

    // ---------------------------------------------------------------- binds and inspection

    @Override
    public RoutingSession usingBind(String key) {
        checkOpen();
        if (key == null) {
            if (ledger != null) {
                ledger.explicitBind = null;
                ledger.explicitGroup = null;
            }
            return this;
        }
        String group = db.binds().groupOf(key);
        if (ledger != null) {
            for (BindSession open : ledger.transactions) {
                if (open.group().equals(group) && !open.key().equals(key)) {
                    throw new BindSwitchException("Cannot switch to bind '" + key + "' with usingBind: a transaction is open on "
                            + "bind '" + open.key() + "' of the same group '" + group + "', and a transaction never changes bind. "
                            + "commit() or rollback() first, then call usingBind(\"" + key + "\").");
                }
            }
        }
        SessionLedger l = ledger();
        l.explicitBind = key;
        l.explicitGroup = group;
        return this;
    }

    @Override
    public String explicitBind() {
        return explicitBindKey();
    }

    @Override
    public Session unwrap(String key) {
        checkOpen();
        BindSession open = openSession(key);
        if (open != null) {
            return open.session;
        }
        dev.bindery.BindConfig config = db.binds().config(key);   // throws UnknownBindException for a typo
        Route opener = new Route(key, db.binds().groupOf(key), config.role(), RouteReason.EXPLICIT_BIND);
        return bindSession(opener, false).session;
    }

    @Override
    public List<Route> routes() {
        if (ledger != null) {
            return Collections.unmodifiableList(ledger.routes);
        }
        return first != null && first.routed ? List.of(first.opener) : List.of();
    }

    @Override
    public Route lastRoute() {
        if (ledger != null) {
            return ledger.lastRoute;
        }
        return first != null && first.routed ? first.opener : null;
    }

    @Override
    public boolean hasWritten() {
        return ledger != null && ledger.written != null;
    }

    @Override
    public dev.bindery.CausalToken causalToken() {
        if (ledger == null || ledger.committedWrites == null) {
            return dev.bindery.CausalToken.NONE;
        }
        dev.bindery.CausalToken t = ledger.token;
        if (t == null) {
            t = dev.bindery.CausalToken.NONE;
            for (String group : ledger.committedWrites) {
                t = t.merge(db.binds().causalToken(group));
            }
            ledger.token = t;
        }
        return t;
    }

    @Override
    public Set<String> writtenGroups() {
        return ledger == null || ledger.written == null ? Set.of() : Collections.unmodifiableSet(ledger.written);
    }

    @Override
    public SessionOptions options() {
        return options;
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
        SessionLedger l = ledger;
        List<String> pending = null;
        RuntimeException failure = null;
        try {
            if (l != null) {
                if (l.pendingWrites) {
                    pending = new ArrayList<>();
                    for (BindSession bs : l.transactions) {
                        pending.add(bs.key());
                    }
                }
                for (BindSession bs : l.transactions) {
                    rollbackQuietly(bs);
                }
                l.transactions.clear();
            }
        } finally {
            failure = closeQuietly(first, failure);
            if (l != null && l.others != null) {
                for (BindSession bs : l.others.values()) {
                    failure = closeQuietly(bs, failure);
                }
            }
            first = null;
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

    /** Closes {@code bs} (if any), adding a failure to {@code failure}; returns the first failure. */
    private static RuntimeException closeQuietly(BindSession bs, RuntimeException failure) {
        if (bs == null) {
            return failure;
        }
        try {
            bs.session.close();
        } catch (RuntimeException e) {
            if (failure == null) {
                return e;
            }
            failure.addSuppressed(e);
        }
        return failure;
    }

    @Override
    public String toString() {
        String explicit = explicitBindKey();
        return "RoutingSession[" + (options.readOnly() ? "read-only" : "read-write") + (explicit == null ? "" : ", using " + explicit)
                + ", binds=" + openSessions().stream().map(BindSession::key).toList() + (inTransaction() ? ", in transaction" : "") + "]";
    }
}
