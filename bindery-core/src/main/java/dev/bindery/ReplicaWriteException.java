package dev.bindery;

/**
 * Thrown before any SQL is sent when work that writes is routed to, or held on, a replica or a read-only bind: the
 * write would need the primary, and Bindery never moves work between binds, so it is a {@link BindSwitchException}.
 * Writes go to the group's primary: drop the explicit bind or name the primary; inside a read-only transaction, write
 * in a read-write one instead.
 */
public final class ReplicaWriteException extends BindSwitchException {
    private static final long serialVersionUID = 1L;

    public ReplicaWriteException(String message) {
        super(message);
    }
}
