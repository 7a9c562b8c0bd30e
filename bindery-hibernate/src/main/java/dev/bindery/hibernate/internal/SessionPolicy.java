package dev.bindery.hibernate.internal;

import dev.bindery.spi.Access;
import dev.bindery.Binds;
import dev.bindery.spi.Route;
import dev.bindery.spi.RouteReason;
import dev.bindery.spi.RouteRequest;
import dev.bindery.hibernate.ReadOnlySessionException;
import dev.bindery.hibernate.SessionOptions;
import jakarta.persistence.LockModeType;
import org.hibernate.Hibernate;

import java.util.List;

/**
 * The rules of a routing session opened with one set of {@link SessionOptions}: which {@link RouteRequest} each piece
 * of work sends to core's {@link dev.bindery.spi.Router}, and the guards around it: a read-only session never writes
 * (its own rule); a transaction never changes bind, no lock on a replica, entity work stays in its group and resident
 * entities in their region are the router's refusals, which it only asks for. It keeps
 * no state of its own: what the unit of work did so far comes in as its {@link SessionLedger}. Sessions opened with
 * equal options share one policy ({@link DatabaseRuntime} keeps them), so opening a session allocates none.
 */
final class SessionPolicy {

    private final DatabaseRuntime db;
    private final SessionOptions options;

    SessionPolicy(DatabaseRuntime db, SessionOptions options) {
        this.db = db;
        this.options = options;
    }

    DatabaseRuntime db() {
        return db;
    }

    SessionOptions options() {
        return options;
    }

    boolean readOnly() {
        return options.readOnly();
    }

    // ---------------------------------------------------------------- routing

    /**
     * Asks core's router where work of {@code access} on {@code group} goes (the router refuses entity work,
     * {@code entityWork}, routed to a bind of another group), and refuses a route that would move an open transaction
     * to another bind.
     *
     * @param l              what the unit of work did so far, or {@code null}; not null when {@code resident} is set
     *                       or the options carry a region or causal token (it caches their request variants)
     * @param transactions   the bind sessions with a transaction open
     * @param honourExplicit whether the session's explicit bind applies (not for writing replica changes back)
     * @param resident       the resident entity the work is on, or {@code null}
     */
    Route route(SessionLedger l, List<BindSession> transactions, String group, Access access, boolean entityWork,
                boolean honourExplicit, String resident) {
        RouteRequest request = request(l, group, access, honourExplicit, entityWork);
        if (resident != null) {
            request = l.resident(request, resident);
        }
        if (options.region() != null || options.after() != null) {
            request = l.adjusted(request, options.region(), options.after());
        }
        Route route = db.router().route(request);   // the router refuses entity work routed to a bind of another group
        refuseBindSwitch(transactions, route.bind());
        return route;
    }

    /**
     * The request for work of {@code access} on {@code group}: the explicit bind when the session points this group at
     * one (and {@code honourExplicit}), else the group, with the primary required inside a read-write transaction and
     * after the session wrote to the group (read-your-writes). Allocates nothing: requests are cached per group and bind.
     */
    private RouteRequest request(SessionLedger l, String group, Access access, boolean honourExplicit, boolean entityWork) {
        if (honourExplicit && l != null && l.explicitBind() != null
                && db.router().belongsTo(l.explicitGroup(), group)) {   // the group or its regional group
            return db.requests().explicit(l.explicitBind(), access);
        }
        RouteReason reason = null;
        if (access != Access.WRITE) {
            if (l != null && l.inTransaction() && !options.readOnly()) {
                reason = RouteReason.READ_WRITE_TRANSACTION;
            } else if (options.primaryReads() || (l != null && l.hasWritten(group))) {
                reason = RouteReason.READ_YOUR_WRITES;
            }
        }
        return db.requests().of(group, access, reason, entityWork);
    }

    /**
     * Asks core's router whether work may go to bind {@code bind} while {@code transactions} are open: it refuses
     * another bind of a group whose transaction is held on one ({@code BindSwitchException}, counted), or answers the
     * retryable {@code PrimaryChangedException} when that transaction's primary was replaced meanwhile.
     */
    void refuseBindSwitch(List<BindSession> transactions, String bind) {
        for (int i = 0, n = transactions.size(); i < n; i++) {
            db.router().checkHeld(transactions.get(i).opener, false, true, bind);
        }
    }

    /** The route {@code unwrap(key)} opens bind {@code key} with, which the router did not choose. */
    Route unrouted(String key) {
        dev.bindery.BindConfig config = db.binds().config(key);   // throws UnknownBindException for a typo
        return new Route(key, db.binds().groupOf(key), config.role(), RouteReason.EXPLICIT_BIND);
    }

    /** Whether a read routed by {@code route} inside the session's transaction joins it (begins one on its bind). */
    boolean joinsTransaction(Route route) {
        return !options.readOnly() || route.reason() == RouteReason.EXPLICIT_BIND;
    }

    // ---------------------------------------------------------------- queries

    /** The group an HQL or criteria query runs on: its root entity's, else the explicit bind's, else the default. */
    String queryGroup(SessionLedger l, EntityDirectory.QueryRoot root, Class<?> resultType) {
        String g = root.group();
        if (g == null && resultType != null && db.directory().isEntity(resultType)) {
            g = db.directory().groupOf(resultType);
        }
        return g != null ? g : defaultGroup(l);
    }

    /** The explicit bind's group, else the default group: where native SQL and the plain criteria builder go. */
    String defaultGroup(SessionLedger l) {
        return l != null && l.explicitGroup() != null ? l.explicitGroup() : Binds.DEFAULT;
    }

    /** The resident entity a query's root (or result type) names, or {@code null}. */
    String residentOf(EntityDirectory.QueryRoot root, Class<?> resultType) {
        String subject = root.resident();
        if (subject == null && resultType != null && root.group() == null && db.directory().isEntity(resultType)) {
            ResidentEntity r = db.directory().resident(resultType);
            subject = r == null ? null : r.name();
        }
        return subject;
    }

    /** The resident entity {@code type} is, or {@code null}. */
    String residentOf(Class<?> type) {
        ResidentEntity r = db.directory().resident(type);
        return r == null ? null : r.name();
    }

    /** How native SQL counts: a write, unless the session is read-only or points at a replica or read-only bind. */
    Access nativeQueryAccess(SessionLedger l) {
        String explicit = l == null ? null : l.explicitBind();
        return options.readOnly() || (explicit != null && db.isReadOnlyBind(explicit)) ? Access.READ : Access.WRITE;
    }

    // ---------------------------------------------------------------- refusals

    /** Refuses a write in a read-only session, before any SQL. */
    void refuseInReadOnly(String operation, Object subject) {
        if (options.readOnly()) {
            throw new ReadOnlySessionException("Refused " + operation + (subject == null ? "" : " of " + subject)
                    + " in a read-only session; nothing was sent. A read-only session never writes: open a read-write "
                    + "session (db.openSession()) for work that writes.");
        }
    }

    /**
     * Refuses a pessimistic lock in a read-only session; core's router refuses one on an entity {@code owner} loaded
     * from a replica or read-only bind (a lock is work that writes).
     */
    void refuseLock(BindSession owner, Object entity, LockModeType lockMode) {
        refuseInReadOnly("lock " + lockMode, describe(entity));
        db.router().checkHeld(owner.opener, true, owner.inTransaction(), owner.key());
    }

    /** Asks the router to refuse, before any SQL, an entity whose own region attribute disagrees with the session's. */
    void checkRegionAttribute(Object entity) {
        ResidentEntity r = db.directory().resident(Hibernate.getClass(entity));
        if (r != null) {
            db.router().checkEntityRegion(r.name(), r.regionOf(entity), r.regionField().getName(), options.region());
        }
    }

    /** An entity for a message: its class's simple name. */
    static String describe(Object entity) {
        return entity == null ? "null" : Hibernate.getClass(entity).getSimpleName();
    }
}
