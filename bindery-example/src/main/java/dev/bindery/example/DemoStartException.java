package dev.bindery.example;

import dev.bindery.ConfigurationException;

/**
 * The demo cannot start as configured: its database does not answer, or its port is taken. The message says what is
 * wrong on its first line (the database's own words where it gave them) and what to change on the next; the demo's
 * {@code main} prints it without a stack trace and exits with status 1.
 */
public final class DemoStartException extends ConfigurationException {
    private static final long serialVersionUID = 1L;

    /** An error with {@code message}; {@code cause}, when not null, is kept for the log. */
    public DemoStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
