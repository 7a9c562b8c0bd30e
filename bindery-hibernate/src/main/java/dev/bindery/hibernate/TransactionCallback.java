package dev.bindery.hibernate;

/**
 * Work run by {@link Database#fromTransaction(TransactionCallback)} that returns a result; it may throw the caller's
 * own checked exception {@code X}, which passes through unwrapped.
 */
@FunctionalInterface
public interface TransactionCallback<R, X extends Exception> {
    R call(RoutingSession session) throws X;
}
