package dev.bindery.hibernate;

import dev.bindery.ConfigurationException;

import java.util.List;

/**
 * Thrown by {@link Database.Builder#build()} when entities are bound to keys the {@link dev.bindery.Binds} cannot
 * serve: a key it does not define, a replica, or a subclass bound apart from its entity hierarchy. It lists every
 * problem at once, each naming the entity and the key.
 */
public final class EntityBindingException extends ConfigurationException {
    private static final long serialVersionUID = 1L;
    private final transient List<String> problems;

    public EntityBindingException(List<String> problems) {
        super(problems.size() == 1 ? "Invalid entity binding: " + problems.get(0)
                : "Invalid entity bindings (" + problems.size() + " problems):\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem found, one sentence naming the entity and the key. */
    public List<String> problems() {
        return problems;
    }
}
