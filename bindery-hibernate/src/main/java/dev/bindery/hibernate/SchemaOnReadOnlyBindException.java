package dev.bindery.hibernate;

import dev.bindery.RefusedWorkException;

/**
 * Thrown by {@link Database#createAll(String...)} and {@link Database#dropAll(String...)} when a key names a replica or
 * a read-only bind: those are never written and get their schema through replication. Name the group's primary.
 */
public final class SchemaOnReadOnlyBindException extends RefusedWorkException {
    private static final long serialVersionUID = 1L;

    public SchemaOnReadOnlyBindException(String message) {
        super(message);
    }
}
