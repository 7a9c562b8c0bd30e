package dev.bindery;

/**
 * Thrown when work asks for another bind while a transaction is open on a bind of the same group.
 * A transaction never changes bind: commit or roll back first, then switch.
 */
public final class BindSwitchException extends RefusedWorkException {
    private static final long serialVersionUID = 1L;

    public BindSwitchException(String message) {
        super(message);
    }
}
