package dev.bindery.hibernate;

import dev.bindery.RefusedWorkException;

/**
 * Thrown at flush or commit when an entity loaded from a replica was changed in a way Bindery cannot write to the
 * primary safely (a changed collection, or a row that no longer exists on the primary). Nothing of the unit was
 * committed. Load the entity for writing instead: {@code session.find(Entity.class, id, LockModeType.PESSIMISTIC_WRITE)},
 * or read it after a write in the same group, or inside {@code db.inTransaction(...)}.
 */
public final class ReplicaEntityModifiedException extends RefusedWorkException {
    private static final long serialVersionUID = 1L;

    public ReplicaEntityModifiedException(String message) {
        super(message);
    }
}
