package dev.bindery;

/**
 * A configuration or lookup that cannot work: an invalid bind option, an unknown bind, entity or session
 * key, an entity mapped to two groups. Raised when the configuration is built or first used; the message names the bind or
 * key and, for a likely typo, the known names.
 */
public abstract class ConfigurationException extends BinderyException {
    private static final long serialVersionUID = 1L;

    protected ConfigurationException(String message) {
        super(message);
    }

    protected ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
