package dev.bindery.hibernate.internal;

import dev.bindery.spi.Route;

/**
 * Hands the route a unit of work just took from its session to the connection provider, on the thread that asks
 * Hibernate for the connection: Hibernate tells the session ({@code jdbcConnectionAcquisitionStart}) right before it
 * calls the provider, and the provider sees only the request, not the session. Over connections that route themselves
 * it hands over only that a unit of work asks; a request nothing was offered for is Hibernate's own work.
 */
final class RouteSlot {
    /** Offered by a unit of work whose connection routes itself. */
    private static final Object UNIT_OF_WORK = new Object();
    private static final ThreadLocal<Object[]> SLOT = ThreadLocal.withInitial(() -> new Object[1]);

    private RouteSlot() {
    }

    /** Offers {@code route} on this thread; returns the slot, which {@link #clear} empties without a second lookup. */
    static Object[] offer(Route route) {
        Object[] s = SLOT.get();
        s[0] = route;
        return s;
    }

    /** Offers, on this thread, that a unit of work asks for a connection that routes itself; returns the slot. */
    static Object[] offerUnitOfWork() {
        Object[] s = SLOT.get();
        s[0] = UNIT_OF_WORK;
        return s;
    }

    /** Empties {@code slot} (from an offer) if the provider did not take what it holds. */
    static void clear(Object[] slot) {
        slot[0] = null;
    }

    /** The route offered on this thread and not taken yet, or {@code null}; clears the slot. */
    static Route take() {
        Object[] s = SLOT.get();
        Object o = s[0];
        s[0] = null;
        return o instanceof Route r ? r : null;
    }

    /** Whether a unit of work offered on this thread asks for a connection that routes itself; clears the slot. */
    static boolean takeUnitOfWork() {
        Object[] s = SLOT.get();
        Object o = s[0];
        s[0] = null;
        return o == UNIT_OF_WORK;
    }
}
