package dev.bindery.javalin.internal;

import dev.bindery.hibernate.Database;
import dev.bindery.javalin.DuplicateKeyException;
import dev.bindery.javalin.SessionMode;
import dev.bindery.javalin.UnknownSessionKeyException;

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

    /** Registers {@code db} under {@code key}; a key registered twice raises {@link DuplicateKeyException}. */
    public void add(String key, Database db, SessionMode mode) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(db, "database");
        Objects.requireNonNull(mode, "mode");
        if (key.isBlank()) {
            throw new IllegalArgumentException("A request key must not be blank; p.session(db) uses the key \"db\".");
        }
        if (byKey.putIfAbsent(key, new Registration(key, db, mode)) != null) {
            throw new DuplicateKeyException(key);
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

    /** Whether no key is registered. */
    public boolean isEmpty() {
        return byKey.isEmpty();
    }
}
