package dev.bindery.servlet;

import dev.bindery.ConfigurationException;

import java.util.Collection;
import java.util.List;

/** Thrown when a request asks for the session of a key that was never registered. The message lists the known keys. */
public final class UnknownSessionKeyException extends ConfigurationException {
    private static final long serialVersionUID = 1L;
    private final String key;
    private final transient List<String> knownKeys;

    /** An error for {@code key}, listing the registered {@code knownKeys}. */
    public UnknownSessionKeyException(String key, Collection<String> knownKeys) {
        super("No database is registered under request key '" + key + "'. Registered keys: " + knownKeys
                + ". Register it in the plugin, p.session(\"" + key + "\", db), or use one of the registered keys.");
        this.key = key;
        this.knownKeys = List.copyOf(knownKeys);
    }

    /** The key that was asked for. */
    public String key() {
        return key;
    }

    /** The keys that are registered. */
    public List<String> knownKeys() {
        return knownKeys;
    }
}
