package dev.bindery.hibernate.internal;

import dev.bindery.Binds;
import dev.bindery.CausalToken;
import dev.bindery.spi.Route;
import dev.bindery.spi.RouteRequest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a {@link RoutingSessionImpl} records about its unit of work beyond its first route: the route list, the groups
 * it wrote to and committed writes to, the explicit bind, whether {@code begin()} opened a transaction and writes are
 * pending, and per-session request variants. Most units of work that read one entity never need it, so the routing
 * session creates it on the second route, the first write, {@code begin()}, {@code usingBind}, or a region or causal
 * token in the options. The bind sessions themselves live in {@link BindSessions}.
 */
final class SessionLedger {
    /** Routes kept for {@code routes()}; past this many only {@link #lastRoute} moves on, so a long session stays small. */
    static final int MAX_KEPT_ROUTES = 10_000;

    private final List<Route> routes = new ArrayList<>(4);
    private Route lastRoute;
    /** Groups this session wrote to, and those of them whose writes it committed; created when first needed. */
    private Set<String> written;
    private Set<String> committedWrites;
    /** The causal token of {@link #committedWrites}, read once after each commit that wrote. */
    private CausalToken token;
    private String explicitBind;
    private String explicitGroup;
    private boolean transaction;
    private boolean pendingWrites;
    /** Requests adjusted for this session's region and token, and for resident entities, built once per session. */
    private Map<RouteRequest, RouteRequest> adjusted;
    private Map<String, Map<RouteRequest, RouteRequest>> residentRequests;

    /** Starts with the route that opened the routing session's first bind, if the router chose it. */
    SessionLedger(BindSession first) {
        if (first != null && first.routed) {
            record(first.opener);
        }
    }

    // ---------------------------------------------------------------- routes

    void record(Route route) {
        if (routes.size() < MAX_KEPT_ROUTES) {
            routes.add(route);
        }
        lastRoute = route;
    }

    List<Route> routes() {
        return Collections.unmodifiableList(routes);
    }

    Route lastRoute() {
        return lastRoute;
    }

    // ---------------------------------------------------------------- writes

    void wrote(String group) {
        if (written == null) {
            written = new LinkedHashSet<>(2);
        }
        written.add(group);
    }

    boolean hasWritten(String group) {
        return written != null && written.contains(group);
    }

    boolean hasWritten() {
        return written != null;
    }

    Set<String> writtenGroups() {
        return written == null ? Set.of() : Collections.unmodifiableSet(written);
    }

    /** Records that the writes to {@code group} (if it was written) are committed; the causal token is read anew. */
    void committedWritesOf(String group) {
        if (hasWritten(group)) {
            if (committedWrites == null) {
                committedWrites = new LinkedHashSet<>(2);
            }
            committedWrites.add(group);
            token = null;
        }
    }

    /** The primaries' positions after the committed writes, asked of {@code binds} once per commit that wrote. */
    CausalToken causalToken(Binds binds) {
        if (committedWrites == null) {
            return CausalToken.NONE;
        }
        CausalToken t = token;
        if (t == null) {
            t = CausalToken.NONE;
            for (String group : committedWrites) {
                t = t.merge(binds.causalToken(group));
            }
            token = t;
        }
        return t;
    }

    /** Notes that writes were sent that only a commit keeps. */
    void writesPending() {
        pendingWrites = true;
    }

    boolean hasPendingWrites() {
        return pendingWrites;
    }

    // ---------------------------------------------------------------- the explicit bind

    /** Points the session's work of {@code group} at bind {@code bind} ({@code usingBind}). */
    void pointAt(String bind, String group) {
        explicitBind = bind;
        explicitGroup = group;
    }

    void clearExplicitBind() {
        explicitBind = null;
        explicitGroup = null;
    }

    String explicitBind() {
        return explicitBind;
    }

    String explicitGroup() {
        return explicitGroup;
    }

    // ---------------------------------------------------------------- the unit's transaction

    /** Marks the transaction {@code begin()} opened. */
    void begin() {
        transaction = true;
    }

    boolean inTransaction() {
        return transaction;
    }

    /** Ends the unit's transaction after a commit or rollback: nothing is pending any more. */
    void transactionEnded() {
        transaction = false;
        pendingWrites = false;
    }

    // ---------------------------------------------------------------- request variants

    RouteRequest adjusted(RouteRequest request, String region, CausalToken after) {
        if (adjusted == null) {
            adjusted = new HashMap<>();
        }
        return adjusted.computeIfAbsent(request, r -> r.withRegion(region).withToken(after));
    }

    RouteRequest resident(RouteRequest request, String resident) {
        if (residentRequests == null) {
            residentRequests = new HashMap<>();
        }
        return residentRequests.computeIfAbsent(resident, k -> new HashMap<>()).computeIfAbsent(request, r -> r.withResident(resident));
    }
}
