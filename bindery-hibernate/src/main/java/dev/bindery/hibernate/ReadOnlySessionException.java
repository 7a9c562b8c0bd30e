package dev.bindery.hibernate;

import dev.bindery.RefusedWorkException;

/**
 * Thrown by a read-only {@link RoutingSession} before any SQL is sent, when asked to persist, merge, remove, run a
 * mutation or flush changes. Open a read-write session ({@link Database#openSession()}) for work that writes.
 */
public final class ReadOnlySessionException extends RefusedWorkException {
    private static final long serialVersionUID = 1L;

    public ReadOnlySessionException(String message) {
        super(message);
    }
}
