package dev.bindery.hibernate.internal;

import dev.bindery.spi.RouteRequest;
import dev.bindery.spi.RouteReason;
import dev.bindery.Access;
import dev.bindery.Binds;
import java.util.HashMap;
import java.util.Map;

/**
 * Every {@link RouteRequest} a session can send, built once per group and per bind, so that routing an operation
 * allocates no request. Requests are built with {@link RouteRequest#of} and its {@code with*} methods only.
 */
public final class RouteRequests {
    private static final Access[] ACCESS = Access.values();
    private static final RouteReason[] PRIMARY_REASONS = {null, RouteReason.READ_WRITE_TRANSACTION, RouteReason.READ_YOUR_WRITES};

    private final Map<String, RouteRequest[]> byGroup = new HashMap<>();
    private final Map<String, RouteRequest[]> byBind = new java.util.concurrent.ConcurrentHashMap<>();
    private final Binds binds;

    RouteRequests(Binds binds) {
        this.binds = binds;
        java.util.Set<String> groups = new java.util.LinkedHashSet<>(binds.groups());
        for (String g : binds.groups()) {
            if (g.indexOf('@') > 0) {
                groups.add(g.substring(0, g.indexOf('@')));   // the logical name of a group split by region
            }
        }
        for (String key : binds.keys()) {
            byBind.put(key, explicitRequests(key));
        }
        for (String group : groups) {
            RouteRequest[] r = new RouteRequest[ACCESS.length * PRIMARY_REASONS.length];
            for (Access a : ACCESS) {
                for (int i = 0; i < PRIMARY_REASONS.length; i++) {
                    RouteRequest req = RouteRequest.of(group, a);
                    r[a.ordinal() * PRIMARY_REASONS.length + i] = PRIMARY_REASONS[i] == null ? req : req.withPrimaryRequired(PRIMARY_REASONS[i]);
                }
            }
            byGroup.put(group, r);
        }
    }

    private RouteRequest[] explicitRequests(String key) {
        String group = binds.groupOf(key);
        RouteRequest[] explicit = new RouteRequest[ACCESS.length];
        for (Access a : ACCESS) {
            explicit[a.ordinal()] = RouteRequest.of(group, a).withBind(key);
        }
        return explicit;
    }

    /** Work of {@code access} in {@code group}; {@code reason} is null, READ_WRITE_TRANSACTION or READ_YOUR_WRITES. */
    public RouteRequest of(String group, Access access, RouteReason reason) {
        RouteRequest[] r = byGroup.get(group);
        if (r == null) {
            return reason == null ? RouteRequest.of(group, access) : RouteRequest.of(group, access).withPrimaryRequired(reason);
        }
        int i = reason == null ? 0 : reason == RouteReason.READ_WRITE_TRANSACTION ? 1 : 2;
        return r[access.ordinal() * PRIMARY_REASONS.length + i];
    }

    /** Work of {@code access} pointed at bind {@code bind} ({@code usingBind}). */
    public RouteRequest explicit(String bind, Access access) {
        RouteRequest[] r = byBind.get(bind);
        if (r == null) {
            r = explicitRequests(bind);   // a replica added at run time
            byBind.put(bind, r);
        }
        return r[access.ordinal()];
    }
}
