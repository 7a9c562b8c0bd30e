package dev.bindery.hibernate.internal;

import dev.bindery.Access;
import dev.bindery.Binds;
import dev.bindery.RouteReason;
import dev.bindery.RouteRequest;

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
    private final Map<String, RouteRequest[]> byBind = new HashMap<>();

    RouteRequests(Binds binds) {
        for (String key : binds.keys()) {
            String group = binds.groupOf(key);
            RouteRequest[] explicit = new RouteRequest[ACCESS.length];
            for (Access a : ACCESS) {
                explicit[a.ordinal()] = RouteRequest.of(group, a).withBind(key);
            }
            byBind.put(key, explicit);
        }
        for (String group : binds.groups()) {
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
        return r == null ? RouteRequest.of(Binds.DEFAULT, access).withBind(bind) : r[access.ordinal()];
    }
}
