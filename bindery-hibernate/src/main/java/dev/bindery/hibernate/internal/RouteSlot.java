package dev.bindery.hibernate.internal;

import dev.bindery.spi.Route;

/**
 * Hands the route a unit of work just took from its session to the connection provider, on the thread that asks
 * Hibernate for the connection: Hibernate tells the session ({@code jdbcConnectionAcquisitionStart}) right before it
 * calls the provider, and the provider sees only the request, not the session.
 */
final class RouteSlot {
    private static final ThreadLocal<Route[]> SLOT = ThreadLocal.withInitial(() -> new Route[1]);

    private RouteSlot() {
    }

    /** Offers {@code route} on this thread; returns the slot, which {@link #clear} empties without a second lookup. */
    static Route[] offer(Route route) {
        Route[] s = SLOT.get();
        s[0] = route;
        return s;
    }

    /** Empties {@code slot} (from {@link #offer}) if the provider did not take its route. */
    static void clear(Route[] slot) {
        slot[0] = null;
    }

    /** The route offered on this thread and not taken yet, or {@code null}; clears it. */
    static Route take() {
        Route[] s = SLOT.get();
        Route r = s[0];
        s[0] = null;
        return r;
    }
}
