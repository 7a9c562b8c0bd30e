package dev.bindery.servlet;

import dev.bindery.ConfigurationException;

/**
 * Thrown when a handler asks to open a key's session that the request already has: a {@code withSession} wrapper (or
 * {@link BinderyFilter#openOnDemand}) around a {@link SessionAvailability#PER_REQUEST} key, at start-up when the route
 * shows it, else on the request; or the same on-demand key opened twice in one request.
 */
public final class SessionOpenedTwiceException extends ConfigurationException {
    private static final long serialVersionUID = 1L;

    /** An error with {@code message}, which says what to change. */
    public SessionOpenedTwiceException(String message) {
        super(message);
    }

    /** The error for opening a per-request key on demand; {@code where} names the route or handler. */
    public static SessionOpenedTwiceException perRequestKey(String key, String where) {
        return new SessionOpenedTwiceException("withSession(\"" + key + "\", ...) wraps " + where
                + ", but key '" + key + "' is registered PER_REQUEST, so every request already has its session. "
                + "Remove the wrapper, or register the key with SessionAvailability.ON_DEMAND: session(\"" + key
                + "\", db, SessionAvailability.ON_DEMAND).");
    }

    /** The error for one key opened twice in one request. */
    public static SessionOpenedTwiceException openedTwice(String key) {
        return new SessionOpenedTwiceException("The session of key '" + key + "' was opened twice in one request "
                + "(withSession(\"" + key + "\", ...) nested in itself). Wrap the handler once.");
    }
}
