package dev.bindery.hibernate.internal;

import dev.bindery.spi.RouteRequest;
import dev.bindery.spi.Route;
import dev.bindery.CausalToken;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a {@link RoutingSessionImpl} records beyond its first bind and first route: further binds, the route list,
 * transactions, written groups, the explicit bind and per-session request variants. Most units of work that read one
 * entity never need it, so the routing session creates it on the second route, the first write, {@code begin()},
 * {@code usingBind}, or a region or causal token in the options.
 */
final class SessionLedger {
    /** Routes kept for {@code routes()}; past this many only {@link #lastRoute} moves on, so a long session stays small. */
    static final int MAX_KEPT_ROUTES = 10_000;

    /** Sessions of binds other than the routing session's first one, in opening order; created for a second bind. */
    Map<String, BindSession> others;
    /** The session used last: consecutive work on one bind skips the lookups. */
    BindSession last;
    final List<BindSession> transactions = new ArrayList<>(2);
    final List<Route> routes = new ArrayList<>(4);
    Route lastRoute;
    /** Groups this session wrote to, and those of them whose writes it committed; created when first needed. */
    Set<String> written;
    Set<String> committedWrites;
    CausalToken token;
    String explicitBind;
    String explicitGroup;
    boolean transaction;
    boolean pendingWrites;
    /** Requests adjusted for this session's region and token, and for resident entities, built once per session. */
    Map<RouteRequest, RouteRequest> adjusted;
    Map<String, Map<RouteRequest, RouteRequest>> residentRequests;

    /** Starts with the route that opened the routing session's first bind, if the router chose it. */
    SessionLedger(BindSession first) {
        if (first != null && first.routed) {
            record(first.opener);
        }
    }

    void record(Route route) {
        if (routes.size() < MAX_KEPT_ROUTES) {
            routes.add(route);
        }
        lastRoute = route;
    }

    void wrote(String group) {
        if (written == null) {
            written = new LinkedHashSet<>(2);
        }
        written.add(group);
    }

    boolean hasWritten(String group) {
        return written != null && written.contains(group);
    }

    void committedWritesOf(String group) {
        if (hasWritten(group)) {
            if (committedWrites == null) {
                committedWrites = new LinkedHashSet<>(2);
            }
            committedWrites.add(group);
            token = null;
        }
    }

    void addOther(BindSession bs) {
        if (others == null) {
            others = new LinkedHashMap<>(4);
        }
        others.put(bs.key(), bs);
    }

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
