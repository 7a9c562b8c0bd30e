package dev.bindery.hibernate;

/**
 * Work run by {@link Database#inTransaction(TransactionWork)}; it may throw the caller's own checked exception
 * {@code X}, which passes through unwrapped.
 */
@FunctionalInterface
public interface TransactionWork<X extends Exception> {
    void run(RoutingSession session) throws X;
}
