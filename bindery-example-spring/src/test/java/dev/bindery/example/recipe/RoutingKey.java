package dev.bindery.example.recipe;

import java.util.function.Supplier;

/**
 * The recipe's explicit routing key: a thread-local that code sets around work it wants on one node, read by the
 * routing data source when a connection is fetched. Like every such hand-written holder it belongs to one thread.
 */
public final class RoutingKey {
    private static final ThreadLocal<String> KEY = new ThreadLocal<>();

    private RoutingKey() {
    }

    /** The pinned key of this thread, or {@code null}. */
    static String current() {
        return KEY.get();
    }

    /** Runs {@code work} with the key {@code key} pinned on this thread. */
    public static <T> T with(String key, Supplier<T> work) {
        String outer = KEY.get();
        KEY.set(key);
        try {
            return work.get();
        } finally {
            if (outer == null) {
                KEY.remove();
            } else {
                KEY.set(outer);
            }
        }
    }
}
