package dev.bindery.hibernate;

import dev.bindery.ConfigurationException;

/**
 * Thrown when a session is given a class, entity name or query whose entity this {@link Database} does not map. Add
 * the class with {@link Database.Builder#entities(Class[])} or {@link Database.Builder#packages(String...)}.
 */
public final class UnknownEntityException extends ConfigurationException {
    private static final long serialVersionUID = 1L;

    public UnknownEntityException(String message) {
        super(message);
    }
}
