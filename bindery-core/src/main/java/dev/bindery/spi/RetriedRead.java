package dev.bindery.spi;

/**
 * A read that {@link Router#read(RetriedRead)} may run once more on another member after its replica lost the
 * connection or had a saturated pool. The router calls {@link #route()} and {@link #run(Route)}, and on such a failure
 * {@link #abandon(Route, Exception)}, then both again.
 *
 * @param <T> what the read returns
 * @param <X> the checked exception the read may throw
 */
public interface RetriedRead<T, X extends Exception> {
    /** Routes the read (asks the router, with everything the caller knows); called again before the second run. */
    Route route();

    /** Runs the read on the bind {@code route} names. */
    T run(Route route) throws X;

    /**
     * Called before the second run with the route that failed: release what was opened for it (a broken session).
     * Return false to keep the failure instead (the read ran inside a transaction, say). By default, true.
     */
    default boolean abandon(Route failed, Exception failure) {
        return true;
    }
}
