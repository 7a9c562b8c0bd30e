package dev.bindery;

/**
 * Thrown before any SQL is sent when work that writes is routed to a replica or a read-only bind.
 * Writes go to the group's primary: drop the explicit bind, or name the primary.
 */
public final class ReplicaWriteException extends RefusedWorkException {
    private static final long serialVersionUID = 1L;

    public ReplicaWriteException(String message) {
        super(message);
    }
}
