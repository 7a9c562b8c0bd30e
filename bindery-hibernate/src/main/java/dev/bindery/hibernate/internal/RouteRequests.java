package dev.bindery.hibernate.internal;

import dev.bindery.spi.Access;
import dev.bindery.spi.RouteRequest;
import dev.bindery.spi.RouteReason;
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
            groups.add(binds.router().logicalGroup(g));   // the logical name of a group split by region
        }
        for (String key : binds.keys()) {
            byBind.put(key, explicitRequests(key));
        }
        for (String group : groups) {
            RouteRequest[] r = new RouteRequest[2 * ACCESS.length * PRIMARY_REASONS.length];
            for (int e = 0; e < 2; e++) {
                for (Access a : ACCESS) {
                    for (int i = 0; i < PRIMARY_REASONS.length; i++) {
                        r[index(e == 1, a, i)] = request(group, a, PRIMARY_REASONS[i], e == 1);
                    }
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

    private static int index(boolean entities, Access access, int reason) {
        return ((entities ? ACCESS.length : 0) + access.ordinal()) * PRIMARY_REASONS.length + reason;
    }

    private static RouteRequest request(String group, Access access, RouteReason reason, boolean entities) {
        RouteRequest req = RouteRequest.of(group, access);
        req = reason == null ? req : req.withPrimaryRequired(reason);
        return entities ? req.onEntities() : req;
    }

    /**
     * Work of {@code access} in {@code group}; {@code reason} is null, READ_WRITE_TRANSACTION or READ_YOUR_WRITES;
     * {@code entities} when the work touches entities mapped in the group (the router refuses a bind of another group).
     */
    public RouteRequest of(String group, Access access, RouteReason reason, boolean entities) {
        RouteRequest[] r = byGroup.get(group);
        if (r == null) {
            return request(group, access, reason, entities);
        }
        int i = reason == null ? 0 : reason == RouteReason.READ_WRITE_TRANSACTION ? 1 : 2;
        return r[index(entities, access, i)];
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
