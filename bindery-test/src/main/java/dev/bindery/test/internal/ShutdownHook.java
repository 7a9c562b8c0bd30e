package dev.bindery.test.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** One JVM shutdown hook that stops every cluster still running (PostgreSQL or MariaDB), shared or forgotten. */
final class ShutdownHook {
    private static final Set<Stoppable> RUNNING = new LinkedHashSet<>();
    private static boolean installed;

    private ShutdownHook() {
    }

    static synchronized void register(Stoppable runtime) {
        if (!installed) {
            Runtime.getRuntime().addShutdownHook(new Thread(ShutdownHook::stopAll, "bindery-pg-shutdown"));
            installed = true;
        }
        RUNNING.add(runtime);
    }

    static synchronized void unregister(Stoppable runtime) {
        RUNNING.remove(runtime);
    }

    private static void stopAll() {
        List<Stoppable> all;
        synchronized (ShutdownHook.class) {
            all = new ArrayList<>(RUNNING);
        }
        for (Stoppable s : all) {
            try {
                s.close();
            } catch (RuntimeException e) {
                // keep stopping the others; the watchdog or the next start's reaper removes what is left
            }
        }
    }

    /** Something the hook stops: the processes of one cluster. */
    interface Stoppable {
        /** Stops the processes and deletes their data. Idempotent. */
        void close();
    }
}
