package dev.bindery;

import dev.bindery.internal.ClientText;

import java.util.Collection;
import java.util.List;

/**
 * Thrown when a bind key is looked up that the configuration does not define. The message lists the known keys; the
 * key itself, which may come from a client, appears cut to 64 characters and without control characters.
 */
public final class UnknownBindException extends ConfigurationException {
    private static final long serialVersionUID = 1L;
    private final String key;
    private final transient List<String> knownKeys;

    public UnknownBindException(String key, Collection<String> knownKeys) {
        super("Unknown bind " + ClientText.quote(key) + ". Known binds: " + knownKeys
                + ". Define it in the Binds configuration or use one of the known keys.");
        this.key = key;
        this.knownKeys = List.copyOf(knownKeys);
    }

    /** The key that was asked for. */
    public String key() {
        return key;
    }

    /** The keys that are defined. */
    public List<String> knownKeys() {
        return knownKeys;
    }
}
