package dev.bindery.spi;

import dev.bindery.BindContext;
import dev.bindery.BindGroupMismatchException;
import dev.bindery.BindSwitchException;
import dev.bindery.BindUnavailableException;
import dev.bindery.Binds;
import dev.bindery.NoReplicaAvailableException;
import dev.bindery.ReplicaWriteException;
import dev.bindery.ResidencyRequiredException;
import dev.bindery.ResidencyViolationException;
import dev.bindery.UnknownBindException;

import java.util.List;
import java.util.Map;

/**
 * The one routing rule of Bindery, applied to every unit of work:
 * <ol>
 *   <li>explicit: the caller's bind ({@code usingBind}), else the innermost {@link BindContext} bind;</li>
 *   <li>group: the entity's group, else the context's, else {@link Binds#DEFAULT}; a group split by region
 *       ({@code users@eu}, {@code users@us}) resolves to the current region's;</li>
 *   <li>role: the primary for writes, locks, read-write transactions, read-your-writes and unknown work; otherwise a
 *       healthy replica within its lag bound that has reached the causal token, chosen by the group's balancer; with
 *       none usable, the primary (counted) or {@link NoReplicaAvailableException};</li>
 *   <li>residency: for resident data, binds outside the current region are removed before step 3 picks; if none is
 *       left, {@link ResidencyViolationException} before any SQL.</li>
 * </ol>
 * Every module asks the router ({@link Binds#router()}); none decides routes, refusals or retries itself. Decisions
 * are {@link Route} values, logged at debug and counted per bind; refusals are counted by kind and shown to
 * {@link RouteListener}s; the common paths allocate nothing.
 */
public interface Router {

    /**
     * Routes one unit of work described by {@code request}, in the context of the current thread.
     *
     * @throws UnknownBindException         if the request or the context names a bind or group that does not exist
     * @throws ReplicaWriteException        if work that writes is pointed at a replica or a read-only bind
     * @throws BindGroupMismatchException   if work on entities is pointed at a bind of another group
     * @throws BindUnavailableException     if the work needs a primary that is down
     * @throws NoReplicaAvailableException  if no replica can serve a read and the group forbids falling back
     * @throws ResidencyRequiredException   if resident data is touched with no current region
     * @throws ResidencyViolationException  if no bind of the current region can serve resident data
     */
    Route route(RouteRequest request);

    /**
     * {@link #route(RouteRequest)} for a caller that has just read the current thread's {@link BindContext} itself
     * (so the thread-local is looked up once per decision); {@code context} must be {@code BindContext.current()}.
     * Same rule, same exceptions.
     */
    Route route(RouteRequest request, BindContext context);

    /** Routes work of {@code access} in {@code group} with no other hint than the current {@link BindContext}. */
    Route route(String group, Access access);

    /**
     * Runs a read and, when it fails on a replica the balancer chose because the connection was lost or the pool was
     * saturated, runs it once more on another member. A lost connection ejects the replica at once (whether or not
     * the read is retried); a saturated pool never does. SQL errors, writes, explicit binds and reads that
     * {@link RetriedRead#abandon} keeps are never retried. The failure of the second run is thrown.
     */
    <T, X extends Exception> T read(RetriedRead<T, X> read) throws X;

    /**
     * The step {@link #read(RetriedRead)} takes between its two runs, for a caller that runs the read itself (and
     * allocates nothing when it succeeds): whether a read that failed on {@code failed} may run once more on another
     * member. A lost connection ejects the replica at once, retried or not; a retry is counted. Only reads the
     * balancer sent to a replica that failed with a lost connection or a saturated pool qualify; {@code retryable}
     * false (the read ran inside a transaction, say) keeps the failure.
     */
    boolean retryElsewhere(Route failed, Exception failure, boolean retryable);

    /**
     * What a write that failed on {@code failed}, a primary, means: when the primary lost the connection or refused the
     * write as no longer writable (SQLState 25006, a demoted primary) in a {@code failover=follow} group, the group's
     * roles are checked again at once and the answer is a retryable {@link dev.bindery.PrimaryChangedException} to
     * throw (its cause the failure); {@code committing} says the failure came from the commit itself, whose outcome is
     * then unknown. Any other failure gives {@code null}: the caller's error stands.
     */
    RuntimeException writeFailed(Route failed, Exception failure, boolean committing);

    /**
     * Tells the router that real work on bind {@code key} failed with {@code failure}. A lost connection
     * ({@link FailureKind#CONNECTION_LOST}) ejects a replica at once; a saturated pool never ejects. For either, on a
     * replica, the read is counted as retried and the method returns true: the caller may run it once more
     * elsewhere. Prefer {@link #read(RetriedRead)}, which does all of it.
     *
     * @throws UnknownBindException if no bind has that key
     */
    boolean reportFailure(String key, Throwable failure);

    /**
     * Checks an entity's own region attribute ({@code @Resident(regionField)}) against the current region: the
     * session's {@code sessionRegion}, else the context's.
     *
     * @throws ResidencyViolationException if both are known and differ (counted, shown to listeners)
     */
    void checkEntityRegion(String subject, String entityRegion, String attribute, String sessionRegion);

    /**
     * Checks one SQL statement of a unit of work already routed to {@code held} (a standard Hibernate session holds its
     * route until its transaction ends), before it is sent, and says whether it writes. A statement writes unless it is
     * a plain query ({@code select}, {@code with}, {@code values}, {@code show}, {@code explain} without a locking
     * clause). Allocates nothing.
     *
     * @param held          the route the unit of work holds
     * @param sql           the statement about to be sent
     * @param inTransaction whether a transaction is open on {@code held}'s connection: only then is another bind asked
     *                      for refused
     * @param askedBind     the bind the caller asks for now (a session property), or {@code null}: then the innermost
     *                      {@link BindContext} bind, if any
     * @throws ReplicaWriteException if the statement writes and {@code held} is a replica or a read-only bind, in a
     *                               transaction or not (counted as {@link Refusal.Kind#READ_ONLY_WRITE}; it is a
     *                               {@link BindSwitchException}, as the work is held on a bind that cannot take it)
     * @throws BindSwitchException   inside a transaction, if the caller now asks for another bind of the same group
     *                               (counted as {@link Refusal.Kind#BIND_SWITCH})
     */
    boolean checkStatement(Route held, String sql, boolean inTransaction, String askedBind);

    /**
     * Checks work of a unit of work held on {@code held} whose SQL is not seen yet (a session's pessimistic lock, a
     * session API asking for another bind), before it runs: the refusals of {@link #checkStatement}, with the same
     * messages, counted and shown to listeners the same way. Allocates nothing when nothing is refused.
     *
     * @param writes        whether the work writes or locks
     * @param inTransaction whether a transaction is open on {@code held}: only then is another bind asked for refused
     * @param askedBind     the bind the work asks for, or {@code null}: then the innermost {@link BindContext} bind
     * @throws ReplicaWriteException if the work writes and {@code held} is a replica or a read-only bind
     *                               ({@link Refusal.Kind#READ_ONLY_WRITE})
     * @throws BindSwitchException   inside a transaction, if {@code askedBind} is another bind of {@code held}'s group
     *                               ({@link Refusal.Kind#BIND_SWITCH})
     * @throws dev.bindery.PrimaryChangedException instead of the {@code BindSwitchException} (its cause), not counted as
     *                               a refusal, when {@code held} was the primary of a {@code failover=follow} group and
     *                               no longer is: the transaction cannot go on, and the work may be run again
     */
    void checkHeld(Route held, boolean writes, boolean inTransaction, String askedBind);

    /**
     * Checks that a transaction holding {@code held} may run work under bind {@code asked} (Spring's {@code @UseBind}
     * entered inside it): a transaction holds one connection, so any other bind, of its group or another, is refused.
     *
     * @throws BindSwitchException unless {@code asked} is {@code held}'s bind (counted as
     *                             {@link Refusal.Kind#BIND_SWITCH}, shown to listeners)
     */
    void checkBindEntered(Route held, String asked);

    /** Refusals so far, by kind (each kind present). */
    Map<Refusal.Kind, Long> refusals();

    /** Residency refusals so far (of data and of entities' own region), by region ({@code (none)} when no region was set). */
    Map<String, Long> residencyRefusals();

    /** The logical group of {@code group}: {@code users} for the regional group {@code users@eu}, else itself. */
    String logicalGroup(String group);

    /** Whether {@code group} is {@code logical} itself or one of its regional groups ({@code users@eu} of {@code users}). */
    boolean belongsTo(String group, String logical);

    /** The groups {@code logical@region} of a group split by region, in configuration order; empty when not split. */
    List<String> regionalGroups(String logical);
}
