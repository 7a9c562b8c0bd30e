package dev.bindery.spi;

/**
 * Called after each routing decision, and for each refusal, on the thread that asked for it. Keep it fast: it runs on
 * the hot path. An exception it throws on a refusal is added to the refusal as suppressed.
 */
@FunctionalInterface
public interface RouteListener {
    /** A unit of work was routed. */
    void routeDecided(Route route);

    /** The router refused a unit of work before any SQL; the caller gets an exception with the same reason. */
    default void routeRefused(Refusal refusal) {
    }
}
