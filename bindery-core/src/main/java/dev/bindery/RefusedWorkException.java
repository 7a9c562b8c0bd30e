package dev.bindery;

/**
 * Work that Bindery refused before sending any SQL, because it would break a routing rule or a session's
 * state: a write to a replica, a bind switch inside a transaction, a change to an entity that cannot be written. Nothing was
 * sent; the message says what to change. Retrying the same work unchanged fails the same way.
 */
public abstract class RefusedWorkException extends BinderyException {
    private static final long serialVersionUID = 1L;

    protected RefusedWorkException(String message) {
        super(message);
    }

    protected RefusedWorkException(String message, Throwable cause) {
        super(message, cause);
    }
}
