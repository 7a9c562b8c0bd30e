package dev.bindery.servlet;

import dev.bindery.ConfigurationException;

/**
 * Thrown at start-up when two databases are registered under the same request key, in the Javalin plugin or the
 * servlet filter. Each key names one database; register the second under another key.
 */
public final class DuplicateSessionKeyException extends ConfigurationException {
    private static final long serialVersionUID = 1L;

    /** An error for request key {@code key}, registered twice. */
    public DuplicateSessionKeyException(String key) {
        super("Request key '" + key + "' is registered twice. Each key names one database: "
                + "register the second database under another key, session(\"other\", db).");
    }
}
