package dev.bindery;

/** Thrown when a {@link BindScope} is closed out of order or on another thread than the one that opened it. */
public final class ScopeException extends RefusedWorkException {
    private static final long serialVersionUID = 1L;

    public ScopeException(String message) {
        super(message);
    }
}
