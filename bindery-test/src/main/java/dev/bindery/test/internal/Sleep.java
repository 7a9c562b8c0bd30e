package dev.bindery.test.internal;

import dev.bindery.test.PostgresClusterException;

/** Sleeping while polling, turning an interrupt into an exception. */
final class Sleep {
    private Sleep() {
    }

    static void millis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PostgresClusterException("Interrupted while waiting for PostgreSQL", e);
        }
    }
}
