package dev.bindery.hibernate;

import dev.bindery.spi.Route;
import jakarta.persistence.LockModeType;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import org.hibernate.Session;
import org.hibernate.query.MutationQuery;
import org.hibernate.query.NativeQuery;
import org.hibernate.query.SelectionQuery;

import java.util.List;
import java.util.Set;

/**
 * One unit of work over every bind of a {@link Database}, the counterpart of quart-sqlalchemy's RoutingSession. It
 * holds one Hibernate {@link Session} per bind it touched, opened lazily, and asks bindery-core's router where each
 * operation goes: reads to a replica, writes, locks and read-write transactions to the primary, later reads of a
 * group it wrote to back to the primary (read-your-writes). Entities loaded from a replica and then changed are
 * written to the primary at commit (changed attributes only) or refused with {@link ReplicaEntityModifiedException};
 * they are never silently dropped. Not thread-safe: use it from one thread at a time. Close it (try-with-resources).
 */
public interface RoutingSession extends AutoCloseable {

    /** Makes {@code entity} persistent on its group's primary; written at flush or commit. */
    void persist(Object entity);

    /** Copies the state of {@code entity} onto the instance managed by its group's primary, and returns that. */
    <T> T merge(T entity);

    /** Removes {@code entity} on its group's primary, wherever it was loaded. */
    void remove(Object entity);

    /** Finds an entity by id; a replica serves it unless the session wrote to the group or is in a transaction. */
    <T> T find(Class<T> entityClass, Object id);

    /** Finds an entity by id with a lock; {@code PESSIMISTIC_*} modes are writes and go to the primary. */
    <T> T find(Class<T> entityClass, Object id, LockModeType lockMode);

    /** A reference (possibly an uninitialized proxy) to an entity, routed as a read. */
    <T> T getReference(Class<T> entityClass, Object id);

    /** Reloads {@code entity} from the bind that loaded it. */
    void refresh(Object entity);

    /**
     * Locks {@code entity} in the bind that loaded it.
     *
     * @throws dev.bindery.ReplicaWriteException for a pessimistic lock on an entity loaded from a replica
     */
    void lock(Object entity, LockModeType lockMode);

    /** Whether {@code entity} is managed by one of this session's binds. */
    boolean contains(Object entity);

    /** Stops managing {@code entity}; its changes are no longer written. */
    void detach(Object entity);

    /** Detaches every entity of every bind; pending changes are no longer written (writes already flushed stay). */
    void clear();

    /** An HQL selection query, run on the bind of its root entity's group. */
    <R> SelectionQuery<R> createSelectionQuery(String hql, Class<R> resultType);

    /** A criteria query, run on the bind of its first root's group. */
    <R> SelectionQuery<R> createSelectionQuery(CriteriaQuery<R> criteria);

    /**
     * An HQL update, delete or insert, run on the primary of its target entity's group.
     *
     * @throws ReadOnlySessionException in a read-only session
     */
    MutationQuery createMutationQuery(String hql);

    /**
     * A native SQL query, run on the session's explicit bind, else the default group. It counts as a write (primary,
     * read-your-writes afterwards) unless the session is read-only or the explicit bind is a replica or read-only.
     */
    <R> NativeQuery<R> createNativeQuery(String sql, Class<R> resultType);

    /** The criteria builder of the session's explicit bind's group, else of the default group. */
    CriteriaBuilder getCriteriaBuilder();

    /** The criteria builder of {@code entityClass}'s group; use it for entities outside the default group. */
    CriteriaBuilder getCriteriaBuilder(Class<?> entityClass);

    /**
     * Writes pending changes: replica-loaded changes to their primaries, then each bind's pending SQL.
     *
     * @throws ReadOnlySessionException        in a read-only session that holds changes
     * @throws ReplicaEntityModifiedException  for a replica-loaded change that cannot be written safely
     * @throws jakarta.persistence.OptimisticLockException when the primary's {@code @Version} moved on
     */
    void flush();

    /**
     * Starts a read-write transaction: until {@link #commit()} or {@link #rollback()}, all work of each group goes
     * to one bind, the primary (or the explicit bind). In a read-only session it only marks the transaction.
     *
     * @throws IllegalStateException if a transaction was already begun
     */
    RoutingSession begin();

    /**
     * Flushes every bind, then commits each bind's transaction in the order the transactions began (first write, or
     * first work inside {@link #begin()}).
     *
     * @throws PartialCommitException when a bind fails after others committed
     */
    void commit();

    /** Rolls back every bind's transaction and clears the session (its entities become detached). */
    void rollback();

    /** Whether a transaction was begun with {@link #begin()} and not yet ended. */
    boolean isTransactionActive();

    /**
     * Whether the last {@link #commit()} failed in a way that leaves its outcome unknown or partial: a bind failed after
     * another had committed ({@link PartialCommitException}), or the connection was lost while a bind committed. Such a
     * unit of work must never be rerun as it is. False after a commit that succeeded or failed with nothing committed.
     */
    boolean isCommitAmbiguous();

    /**
     * Commits several sessions one after another, in the iteration order of {@code sessions} (use a
     * {@link java.util.LinkedHashMap}): when one fails, it and every session after it are rolled back, and the ones
     * before it stay committed (there is no two-phase commit). Never throws for a failed commit: the outcome names what
     * committed, what failed and why, and whether the failure may have committed (then never rerun the work). The
     * sessions stay open; close them afterwards. A session's own binds commit as {@link #commit()} says.
     *
     * @param sessions the sessions by a key of the caller's choice, which the outcome reports
     */
    static <K> CommitOutcome<K> commitInOrder(java.util.Map<K, ? extends RoutingSession> sessions) {
        return dev.bindery.hibernate.internal.CrossBindCommit.sessions(sessions);
    }

    /**
     * Points the following operations of {@code key}'s group (and native queries) at bind {@code key}; {@code null}
     * clears it. Meant as the first call of a chain: {@code session.usingBind("replica").createSelectionQuery(...)}.
     *
     * @throws dev.bindery.UnknownBindException if no bind has that key
     * @throws dev.bindery.BindSwitchException  if a transaction is open on another bind of the same group
     */
    RoutingSession usingBind(String key);

    /** The explicit bind set by {@link #usingBind(String)} or the options, or {@code null}. */
    String explicitBind();

    /**
     * The Hibernate session of bind {@code key}, opened if needed, for what this interface does not cover. What still
     * holds on it: its work runs on bind {@code key} only (it is pinned there; a statement is never retried elsewhere);
     * a statement that writes is refused before it is sent when {@code key} is a replica or a read-only bind
     * ({@code ReplicaWriteException}, in a transaction or not); entities loaded read-only
     * keep their snapshots; it belongs to this session, so {@link #commit()}, {@link #rollback()} and {@link #close()}
     * end its work (replica-loaded changes are written to the primary or refused, as for any entity of that bind).
     * What does not: its work is not routed (no replica choice, no read-your-writes, no causal token, no region),
     * not listed in {@link #routes()}, and {@link #usingBind} and the bind-switch guard do not see it; its writes do
     * not count for read-your-writes unless they are flushed by this session's {@code flush()}/{@code commit()}.
     *
     * @throws dev.bindery.UnknownBindException if no bind has that key
     */
    Session unwrap(String key);

    /** Every route this session took, in order (the first 10,000 of them; a longer session keeps only those). */
    List<Route> routes();

    /** The last route taken, or {@code null} before the first. */
    Route lastRoute();

    /** Whether the session wrote (or ran work counted as a write) in any group. */
    boolean hasWritten();

    /** The groups the session wrote to, in order of first write. */
    Set<String> writtenGroups();

    /**
     * A token recording the primary's position after this session's commits that wrote, for each group written
     * ({@link dev.bindery.CausalToken#NONE} before any such commit, or on databases without replication positions).
     * Pass it to {@code SessionOptions.builder().after(token)} of a later session, or carry it in a cookie, so that
     * later reads see these writes even from a replica. Reading it costs one query per written group.
     *
     * @throws dev.bindery.BindUnavailableException if a written group's primary cannot be reached
     */
    dev.bindery.CausalToken causalToken();

    /** The options the session was opened with. */
    SessionOptions options();

    /** Whether the session is read-only. */
    default boolean isReadOnly() {
        return options().readOnly();
    }

    /** Whether the session is open. */
    boolean isOpen();

    /**
     * Closes every bind's Hibernate session and returns their connections. Open transactions are rolled back.
     *
     * @throws UncommittedWorkException when writes were pending (they were rolled back)
     */
    @Override
    void close();
}
