package dev.bindery;

/**
 * Thrown before any SQL when work held on one bind would need another: it asks for another bind of the same group
 * while a transaction is open, or it writes while held on a replica or a read-only bind ({@link ReplicaWriteException},
 * the one subclass). A transaction never changes bind: commit or roll back first, then switch.
 */
public sealed class BindSwitchException extends RefusedWorkException permits ReplicaWriteException {
    private static final long serialVersionUID = 1L;

    public BindSwitchException(String message) {
        super(message);
    }
}
