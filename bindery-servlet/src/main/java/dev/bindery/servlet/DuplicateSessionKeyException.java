package dev.bindery.javalin;

import dev.bindery.ConfigurationException;

/** Thrown at start-up when two databases are registered under the same request key. */
public final class DuplicateKeyException extends ConfigurationException {
    private static final long serialVersionUID = 1L;

    /** An error for request key {@code key}, registered twice. */
    public DuplicateKeyException(String key) {
        super("Request key '" + key + "' is registered twice in BinderyPlugin. Each key names one database: "
                + "register the second database under another key, p.session(\"other\", db).");
    }
}
