package dev.bindery.test.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** One JVM shutdown hook that stops every cluster still running, shared or forgotten. */
final class ShutdownHook {
    private static final Set<ClusterRuntime> RUNNING = new LinkedHashSet<>();
    private static boolean installed;

    private ShutdownHook() {
    }

    static synchronized void register(ClusterRuntime runtime) {
        if (!installed) {
            Runtime.getRuntime().addShutdownHook(new Thread(ShutdownHook::stopAll, "bindery-pg-shutdown"));
            installed = true;
        }
        RUNNING.add(runtime);
    }

    static synchronized void unregister(ClusterRuntime runtime) {
        RUNNING.remove(runtime);
    }

    private static void stopAll() {
        List<ClusterRuntime> all;
        synchronized (ShutdownHook.class) {
            all = new ArrayList<>(RUNNING);
        }
        all.forEach(ClusterRuntime::close);
    }
}
