package dev.bindery.javalin;

import dev.bindery.ConfigurationException;

/**
 * Thrown when a handler asks to open a key's session that the request already has: {@link Bindery#withSession}
 * around a {@link SessionMode#PER_REQUEST} key (at start-up when the route shows it, else on the request), or the
 * same key opened twice in one request.
 */
public final class DuplicateRequestKeyException extends ConfigurationException {
    private static final long serialVersionUID = 1L;

    /** An error with {@code message}, which says what to change. */
    public DuplicateRequestKeyException(String message) {
        super(message);
    }

    /** The error for {@code withSession} around a per-request key; {@code where} names the route or handler. */
    public static DuplicateRequestKeyException perRequestKey(String key, String where) {
        return new DuplicateRequestKeyException("Bindery.withSession(\"" + key + "\", ...) wraps " + where
                + ", but key '" + key + "' is registered PER_REQUEST, so every request already has its session. "
                + "Remove the wrapper, or register the key with SessionMode.ON_DEMAND: p.session(\"" + key
                + "\", db, SessionMode.ON_DEMAND).");
    }

    /** The error for one key opened twice in one request. */
    public static DuplicateRequestKeyException openedTwice(String key) {
        return new DuplicateRequestKeyException("The session of key '" + key + "' was opened twice in one request "
                + "(Bindery.withSession(\"" + key + "\", ...) nested in itself). Wrap the handler once.");
    }
}
