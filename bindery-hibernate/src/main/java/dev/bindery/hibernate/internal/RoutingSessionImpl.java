package dev.bindery.hibernate.internal;

import dev.bindery.Access;
import dev.bindery.BindSwitchException;
import dev.bindery.Binds;
import dev.bindery.ReplicaWriteException;
import dev.bindery.Route;
import dev.bindery.RouteReason;
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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The {@link RoutingSession}: one lazily opened Hibernate session per bind, every route asked from core's router.
 * See docs/hibernate.md for the rules it implements.
 */
public final class RoutingSessionImpl implements RoutingSession {
    private static final Logger LOG = LoggerFactory.getLogger(RoutingSessionImpl.class);

    private final DatabaseRuntime db;
    private final SessionOptions options;
    private final boolean readOnly;
    private final boolean primaryReads;
    private final String region;
    private final dev.bindery.CausalToken after;
    private Map<dev.bindery.RouteRequest, dev.bindery.RouteRequest> adjusted;
    private Map<String, Map<dev.bindery.RouteRequest, dev.bindery.RouteRequest>> residentRequests;
    /** Groups whose writes this session committed; created on the first such commit. */
    private Set<String> committedWrites;
    private dev.bindery.CausalToken token;
    /**
     * The Hibernate session of each bind touched, in opening order. Most units of work touch one bind: that one lives in
     * {@link #only} and the map is created only for a second bind.
     */
    private Map<String, BindSession> sessions;
    private BindSession only;
    private final List<BindSession> transactions = new ArrayList<>();
    /** Routes kept for {@link #routes()}; past this many only {@link #lastRoute()} moves on, so a long session stays small. */
    static final int MAX_KEPT_ROUTES = 10_000;
    private final List<Route> routes = new ArrayList<>(4);
    private Route lastRoute;
    /** Groups this session wrote to; created on the first write, so read-only sessions allocate none. */
    private Set<String> written;
    private String explicitBind;
    private String explicitGroup;
    private BindSession last;
    private boolean transaction;
    private boolean pendingWrites;
    private boolean closed;
    private boolean commitAmbiguous;

    RoutingSessionImpl(DatabaseRuntime db, SessionOptions options) {
        this.db = db;
        this.options = options == null ? SessionOptions.DEFAULT : options;
        this.readOnly = this.options.readOnly();
        this.primaryReads = this.options.primaryReads();
        this.region = this.options.region();
        this.after = this.options.after();
        if (this.options.bind() != null) {
            usingBind(this.options.bind());
        }
    }

    // ---------------------------------------------------------------- routing

    /** The open Hibernate sessions of this unit of work, in opening order. */
    private java.util.Collection<BindSession> openSessions() {
        return sessions != null ? sessions.values() : only != null ? List.of(only) : List.of();
    }

    private void wrote(String group) {
        if (written == null) {
            written = new LinkedHashSet<>(2);
        }
        written.add(group);
    }

    private Route route(String group, Access access, boolean entityWork, boolean honourExplicit, String resident) {
        if (closed) {
            throw new IllegalStateException("This RoutingSession is closed; open a new one with db.openSession().");
        }
        dev.bindery.RouteRequest request;
        if (honourExplicit && explicitBind != null
                && (group.equals(explicitGroup) || explicitGroup.startsWith(group + "@"))) {   // or its regional group
            request = db.requests().explicit(explicitBind, access);
        } else {
            RouteReason reason = null;
            if (access != Access.WRITE) {
                if (transaction && !readOnly) {
                    reason = RouteReason.READ_WRITE_TRANSACTION;
                } else if (primaryReads || (written != null && written.contains(group))) {
                    reason = RouteReason.READ_YOUR_WRITES;
                }
            }
            request = db.requests().of(group, access, reason);
        }
        if (resident != null) {
            if (residentRequests == null) {
                residentRequests = new java.util.HashMap<>();
            }
            request = residentRequests.computeIfAbsent(resident, k -> new java.util.HashMap<>())
                    .computeIfAbsent(request, r -> r.withResident(resident));
        }
        if (region != null || after != null) {
            if (adjusted == null) {
                adjusted = new java.util.HashMap<>();
            }
            request = adjusted.computeIfAbsent(request, r -> r.withRegion(region).withToken(after));
        }
        Route route = db.router().route(request);
        if (entityWork && !route.group().equals(group) && !route.group().startsWith(group + "@")) {
            throw new BindGroupMismatchException("Work on an entity of group '" + group + "' was routed to bind '"
                    + route.bind() + "' of group '" + route.group() + "' (" + route.reason() + "), which does not map it. "
                    + "Nothing was sent. Close the BindContext scope for this work, or point it at a bind of group '"
                    + group + "'.");
        }
        for (int i = 0, n = transactions.size(); i < n; i++) {
            BindSession open = transactions.get(i);
            if (open.group.equals(route.group()) && !open.key.equals(route.bind())) {
                throw new BindSwitchException("A transaction is open on bind '" + open.key + "' of group '" + open.group
                        + "', but this " + access.name().toLowerCase(java.util.Locale.ROOT) + " was routed to bind '"
                        + route.bind() + "' (" + route.reason() + "). A transaction never changes bind: commit() or "
                        + "rollback() first, then switch; or drop the explicit bind (usingBind(null)) inside the transaction.");
            }
        }
        if (routes.size() < MAX_KEPT_ROUTES) {
            routes.add(route);
        }
        lastRoute = route;
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
        BindSession bs = bindSession(route.bind(), route.group());
        if (access == Access.WRITE) {
            beginOn(bs);
            wrote(group);
            wrote(route.group());
        } else if (transaction && (!readOnly || route.reason() == RouteReason.EXPLICIT_BIND)) {
            beginOn(bs);
        }
        return bs;
    }

    private BindSession bindSession(String key, String group) {
        BindSession bs = last;
        if (bs != null && bs.key.equals(key)) {
            return bs;
        }
        bs = sessions != null ? sessions.get(key) : only != null && only.key.equals(key) ? only : null;
        if (bs == null) {
            boolean roBind = db.isReadOnlyBind(key);
            Session s = db.mapping(group).sessionFactory().withOptions()
                    .tenantIdentifier((Object) key)
                    .flushMode(roBind || readOnly ? FlushMode.MANUAL : FlushMode.AUTO)
                    .openSession();
            bs = new BindSession(key, group, roBind, s);
            if (only == null && sessions == null) {
                only = bs;
            } else {
                if (sessions == null) {
                    sessions = new LinkedHashMap<>(4);
                    sessions.put(only.key, only);
                    only = null;
                }
                sessions.put(key, bs);
            }
        }
        last = bs;
        return bs;
    }

    private void beginOn(BindSession bs) {
        if (!bs.transactionOpen) {
            bs.session.beginTransaction();
            bs.transactionOpen = true;
            transactions.add(bs);
        }
    }

    private void refuseInReadOnly(String operation, Object subject) {
        if (readOnly) {
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
        pendingWrites = true;
    }

    @Override
    public <T> T merge(T entity) {
        refuseInReadOnly("merge", describe(entity));
        checkRegionAttribute(entity);
        T merged = sessionFor(Hibernate.getClass(entity), Access.WRITE).session.merge(entity);
        pendingWrites = true;
        return merged;
    }

    @Override
    public void remove(Object entity) {
        refuseInReadOnly("remove", describe(entity));
        BindSession target = sessionFor(Hibernate.getClass(entity), Access.WRITE);
        pendingWrites = true;
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
        if (bs.transactionOpen || !db.binds().reportFailure(bs.key, e)) {
            return false;
        }
        if (only == bs) {
            only = null;
        } else if (sessions != null) {
            sessions.remove(bs.key);
        }
        if (last == bs) {
            last = null;
        }
        try {
            bs.session.close();
        } catch (RuntimeException closing) {
            e.addSuppressed(closing);
        }
        LOG.info("Read on replica '{}' lost its connection; retrying once on another member", bs.key);
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
                        + owner.key + "', which is read-only and takes no locks. Nothing was sent. Load it for writing "
                        + "with find(" + describe(entity) + ".class, id, LockModeType." + lockMode + "), which goes to the primary.");
            }
            beginOn(owner);
            wrote(owner.group);
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

    private String residentOf(String hql, Class<?> resultType) {
        String subject = db.directory().residentOfQuery(hql);
        if (subject == null && resultType != null && db.directory().groupOfQuery(hql) == null && db.directory().isEntity(resultType)) {
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
        String current = region != null ? region : dev.bindery.BindContext.current().region();
        if (own != null && current != null && !own.equals(current)) {
            throw new dev.bindery.ResidencyViolationException(r.name() + " belongs to region '" + own + "' (its "
                    + r.regionField().getName() + "), but this session works in region '" + current + "'. Nothing was sent. "
                    + "Write it from a session of region '" + own + "' (SessionOptions.builder().region(\"" + own + "\")).",
                    current, java.util.List.of());
        }
    }

    private String queryGroup(String hql, Class<?> resultType) {
        String g = db.directory().groupOfQuery(hql);
        if (g == null && resultType != null && db.directory().isEntity(resultType)) {
            g = db.directory().groupOf(resultType);
        }
        if (g == null) {
            g = explicitGroup != null ? explicitGroup : Binds.DEFAULT;
        }
        return g;
    }

    @Override
    public <R> SelectionQuery<R> createSelectionQuery(String hql, Class<R> resultType) {
        return sessionFor(queryGroup(hql, resultType), Access.READ, true, true, residentOf(hql, resultType))
                .session.createSelectionQuery(hql, resultType);
    }

    @Override
    public <R> SelectionQuery<R> createSelectionQuery(CriteriaQuery<R> criteria) {
        for (Root<?> root : criteria.getRoots()) {
            return sessionFor(root.getJavaType(), Access.READ).session.createSelectionQuery(criteria);
        }
        return sessionFor(explicitGroup != null ? explicitGroup : Binds.DEFAULT, Access.READ).session.createSelectionQuery(criteria);
    }

    @Override
    public MutationQuery createMutationQuery(String hql) {
        refuseInReadOnly("a mutation query", "\"" + hql + "\"");
        MutationQuery q = sessionFor(queryGroup(hql, null), Access.WRITE, true, true, residentOf(hql, null))
                .session.createMutationQuery(hql);
        pendingWrites = true;
        return q;
    }

    @Override
    public <R> NativeQuery<R> createNativeQuery(String sql, Class<R> resultType) {
        String g = explicitGroup != null ? explicitGroup : Binds.DEFAULT;
        Access access = readOnly || (explicitBind != null && db.isReadOnlyBind(explicitBind)) ? Access.READ : Access.WRITE;
        return sessionFor(g, access, false).session.createNativeQuery(sql, resultType);
    }

    @Override
    public CriteriaBuilder getCriteriaBuilder() {
        checkOpen();
        return db.mapping(explicitGroup != null ? explicitGroup : Binds.DEFAULT).sessionFactory().getCriteriaBuilder();
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
        if (readOnly) {
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
                wrote(bs.group);
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
                        + ", loaded from bind '" + bs.key + "'. Nothing was sent. A read-only session never writes: load "
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
                        + "from replica '" + bs.key + "'. Bindery writes only changed attributes of replica-loaded entities "
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
                throw new ReplicaEntityModifiedException(c.describe() + " was loaded from replica '" + replica.key
                        + "' and its collection '" + p.getPropertyNames()[i] + "' was replaced. Bindery cannot merge "
                        + "collection changes safely, so nothing was written. Load the entity for writing: find("
                        + p.getMappedClass().getSimpleName() + ".class, id, LockModeType.PESSIMISTIC_WRITE).");
            }
        }
        if (readOnly) {
            throw new ReadOnlySessionException("Refused changes to " + c.describe() + " in a read-only session.");
        }
        // the write of a replica-loaded change goes to the group's primary even when the session points at the replica
        BindSession primary = sessionFor(replica.group, Access.WRITE, true, false, null);
        pendingWrites = true;
        Object id = c.entry().getId();
        Object target = primary.session.find(p.getMappedClass(), id, LockModeType.PESSIMISTIC_WRITE);
        if (target == null) {
            throw new ReplicaEntityModifiedException(c.describe() + " was loaded from replica '" + replica.key
                    + "' and changed, but the row no longer exists on the primary '" + primary.key + "'. Nothing was "
                    + "written. Reload it from the primary (find inside db.inTransaction(...)) and decide what to do.");
        }
        int versionIndex = p.isVersioned() ? p.getVersionPropertyIndex() : -1;
        if (versionIndex >= 0) {
            Object primaryVersion = p.getVersion(target);
            if (!Objects.equals(primaryVersion, c.entry().getVersion())) {
                throw new OptimisticLockException(c.describe() + " was loaded from replica '" + replica.key
                        + "' at version " + c.entry().getVersion() + ", but the primary '" + primary.key + "' has version "
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
        LOG.debug("Wrote changed attributes of {} from replica '{}' to primary '{}'", c.describe(), replica.key, primary.key);
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
        if (transaction) {
            throw new IllegalStateException("begin() was already called on this session; commit() or rollback() first.");
        }
        transaction = true;
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
        List<String> committed = new ArrayList<>(transactions.size());
        BindSession[] order = transactions.toArray(new BindSession[0]);
        try {
            for (int i = 0; i < order.length; i++) {
                BindSession bs = order[i];
                try {
                    bs.session.getTransaction().commit();
                    bs.transactionOpen = false;
                    committed.add(bs.key);
                    if (written != null && written.contains(bs.group)) {
                        if (committedWrites == null) {
                            committedWrites = new LinkedHashSet<>(2);
                        }
                        committedWrites.add(bs.group);
                        token = null;
                    }
                } catch (RuntimeException e) {
                    bs.transactionOpen = false;
                    String state = RetryPolicy.isTransient(e) && !RetryPolicy.isConnectionLoss(e) ? "definite" : "ambiguous";
                    commitAmbiguous = !committed.isEmpty() || state.equals("ambiguous");
                    rollbackQuietly(bs);
                    List<String> rolledBack = new ArrayList<>();
                    for (int j = i + 1; j < order.length; j++) {
                        rollbackQuietly(order[j]);
                        rolledBack.add(order[j].key);
                    }
                    clearAll();
                    if (committed.isEmpty()) {
                        throw e;
                    }
                    throw new PartialCommitException(committed, bs.key, rolledBack, e);
                }
            }
        } finally {
            transactions.clear();
            transaction = false;
            pendingWrites = false;
        }
    }

    @Override
    public void rollback() {
        checkOpen();
        rollbackAll();
    }

    private void rollbackAll() {
        for (BindSession bs : transactions) {
            rollbackQuietly(bs);
        }
        transactions.clear();
        clearAll();
        transaction = false;
        pendingWrites = false;
    }

    private void clearAll() {
        for (BindSession bs : openSessions()) {
            try {
                bs.session.clear();
            } catch (RuntimeException e) {
                LOG.debug("Could not clear the session of bind '{}'", bs.key, e);
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
            LOG.warn("Rollback of bind '{}' failed: {}", bs.key, e.toString());
        }
    }

    @Override
    public boolean isTransactionActive() {
        return transaction;
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
            explicitBind = null;
            explicitGroup = null;
            return this;
        }
        String group = db.binds().groupOf(key);
        for (BindSession open : transactions) {
            if (open.group.equals(group) && !open.key.equals(key)) {
                throw new BindSwitchException("Cannot switch to bind '" + key + "' with usingBind: a transaction is open on "
                        + "bind '" + open.key + "' of the same group '" + group + "', and a transaction never changes bind. "
                        + "commit() or rollback() first, then call usingBind(\"" + key + "\").");
            }
        }
        explicitBind = key;
        explicitGroup = group;
        return this;
    }

    @Override
    public String explicitBind() {
        return explicitBind;
    }

    @Override
    public Session unwrap(String key) {
        checkOpen();
        return bindSession(key, db.binds().groupOf(key)).session;
    }

    @Override
    public List<Route> routes() {
        return Collections.unmodifiableList(routes);
    }

    @Override
    public Route lastRoute() {
        return lastRoute;
    }

    @Override
    public boolean hasWritten() {
        return written != null;
    }

    @Override
    public dev.bindery.CausalToken causalToken() {
        dev.bindery.CausalToken t = token;
        if (t == null) {
            t = dev.bindery.CausalToken.NONE;
            for (String group : committedWrites == null ? Set.<String>of() : committedWrites) {
                t = t.merge(db.binds().causalToken(group));
            }
            token = t;
        }
        return t;
    }

    @Override
    public Set<String> writtenGroups() {
        return written == null ? Set.of() : Collections.unmodifiableSet(written);
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

    @Override
    public void close() {
        if (closed) {
            return;
        }
        boolean pending = pendingWrites;
        List<String> open = pending ? new ArrayList<>() : List.of();
        if (pending) {
            for (BindSession bs : transactions) {
                open.add(bs.key);
            }
        }
        RuntimeException failure = null;
        try {
            if (!transactions.isEmpty()) {
                for (BindSession bs : transactions) {
                    rollbackQuietly(bs);
                }
                transactions.clear();
            }
        } finally {
            closed = true;
            for (BindSession bs : openSessions()) {
                try {
                    bs.session.close();
                } catch (RuntimeException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
            sessions = null;
            only = null;
            last = null;
        }
        if (failure != null) {
            throw failure;
        }
        if (pending) {
            throw new UncommittedWorkException("Closed a session with uncommitted writes on binds " + open
                    + "; they were rolled back and nothing was written. Call commit() before close(), or rollback() to "
                    + "discard them on purpose.");
        }
    }

    @Override
    public String toString() {
        return "RoutingSession[" + (readOnly ? "read-only" : "read-write") + (explicitBind == null ? "" : ", using " + explicitBind)
                + ", binds=" + openSessions().stream().map(bs -> bs.key).toList() + (transaction ? ", in transaction" : "") + "]";
    }
}
