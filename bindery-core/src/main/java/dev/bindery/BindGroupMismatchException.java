package dev.bindery;

/**
 * Thrown by the router before any SQL when work on an entity was routed (by a {@link BindContext} scope) to a bind of
 * another group than the entity's: that bind has neither its mapping nor its tables. Close the scope for this work, or
 * point it at a bind of the entity's group.
 */
public final class BindGroupMismatchException extends RefusedWorkException {
    private static final long serialVersionUID = 1L;

    public BindGroupMismatchException(String message) {
        super(message);
    }
}
