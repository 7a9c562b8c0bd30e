package dev.bindery.test.internal;

import java.util.Objects;

/** The rule for a test cluster's name, which becomes part of its log and data paths. */
public final class ClusterNames {

    private ClusterNames() {
    }

    /**
     * Returns {@code name} if it is 1-40 letters, digits, '-' or '_'.
     *
     * @throws IllegalArgumentException otherwise, saying what is allowed
     */
    public static String check(String name) {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[A-Za-z0-9_-]{1,40}")) {
            throw new IllegalArgumentException("Cluster name '" + name + "' is not allowed: use 1-40 letters, digits, '-' or '_'.");
        }
        return name;
    }
}
