package dev.bindery.spring;

import dev.bindery.ConfigurationException;

/**
 * A Bindery part for Spring that needs the application's {@link dev.bindery.Binds} found none: it was neither given
 * them nor created by a Spring bean factory that holds a {@code Binds} bean. The message says which part and how to
 * give it the binds.
 */
public final class MissingBindsException extends ConfigurationException {
    private static final long serialVersionUID = 1L;

    /** @param message what needed the binds, and how to give them */
    public MissingBindsException(String message) {
        super(message);
    }
}
