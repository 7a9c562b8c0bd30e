package dev.bindery.servlet.internal;

import dev.bindery.hibernate.Database;
import dev.bindery.servlet.DuplicateSessionKeyException;
import dev.bindery.servlet.SessionAvailability;
import dev.bindery.servlet.UnknownSessionKeyException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The request keys of one app and the database behind each; filled at start-up, read-only afterwards. */
public final class Registry {
    private final Map<String, Registration> byKey = new LinkedHashMap<>();
    private List<String> keys = List.of();

    /** Registers {@code db} under {@code key}; a key registered twice raises {@link DuplicateSessionKeyException}. */
    public void add(String key, Database db, SessionAvailability availability) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(db, "database");
        Objects.requireNonNull(availability, "availability");
        if (key.isBlank()) {
            throw new IllegalArgumentException("A request key must not be blank; session(db) uses the key \"db\".");
        }
        if (byKey.putIfAbsent(key, new Registration(key, db, availability)) != null) {
            throw new DuplicateSessionKeyException(key);
        }
        keys = Collections.unmodifiableList(new ArrayList<>(byKey.keySet()));
    }

    /** The registration of {@code key}; an unregistered key raises {@link UnknownSessionKeyException}. */
    public Registration get(String key) {
        Registration r = byKey.get(key);
        if (r == null) {
            throw new UnknownSessionKeyException(key, keys);
        }
        return r;
    }

    /** Whether {@code key} is registered. */
    public boolean contains(String key) {
        return byKey.containsKey(key);
    }

    /** The registered keys, in registration order. */
    public List<String> keys() {
        return keys;
    }

    /** The registrations, in registration order. */
    public List<Registration> registrations() {
        return List.copyOf(byKey.values());
    }

    /** A copy, which later registrations in this registry do not change. */
    public Registry copy() {
        Registry c = new Registry();
        c.byKey.putAll(byKey);
        c.keys = keys;
        return c;
    }

    /** Whether no key is registered. */
    public boolean isEmpty() {
        return byKey.isEmpty();
    }
}
