package dev.bindery.hibernate;

import dev.bindery.RefusedWorkException;

/**
 * Thrown by {@link RoutingSession#close()} when the session still held writes that were neither committed nor rolled
 * back. They were rolled back (nothing was written); call {@link RoutingSession#commit()} before closing, or
 * {@link RoutingSession#rollback()} to discard them on purpose.
 */
public final class UncommittedWorkException extends RefusedWorkException {
    private static final long serialVersionUID = 1L;

    public UncommittedWorkException(String message) {
        super(message);
    }
}
