package dev.bindery.hibernate;

import dev.bindery.ConfigurationException;

/** Thrown when a persistence unit names {@link BinderyPersistenceProvider} but carries no {@code bindery.*} bind options. */
public final class MissingBindOptionsException extends ConfigurationException {
    private static final long serialVersionUID = 1L;

    public MissingBindOptionsException(String message) {
        super(message);
    }
}
