package dev.bindery.spi;

/** Called after each routing decision, on the thread that asked for it. Keep it fast: it runs on the hot path. */
@FunctionalInterface
public interface RouteListener {
    void routeDecided(Route route);
}
