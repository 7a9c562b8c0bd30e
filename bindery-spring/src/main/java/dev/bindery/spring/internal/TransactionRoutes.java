package dev.bindery.spring.internal;

import dev.bindery.spi.Role;
import dev.bindery.spi.Route;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.ArrayList;
import java.util.List;

/**
 * The route of each open Spring transaction, bound to it as a transaction resource from its first statement until it
 * completes: suspended with it ({@code REQUIRES_NEW}) and resumed with it. A read-write transaction that committed on a
 * primary is recorded in the thread's {@link WriteMemory}, for read-your-writes.
 */
public final class TransactionRoutes {
    private TransactionRoutes() {
    }

    /** The route held by the current transaction for {@code key}, or {@code null}. */
    public static Route held(Object key) {
        return TransactionSynchronizationManager.getResource(key) instanceof Held h ? h.route : null;
    }

    /** The routes every open transaction of this thread holds (one per routing data source it used). */
    public static List<Route> open() {
        List<Route> out = new ArrayList<>(2);
        for (Object v : TransactionSynchronizationManager.getResourceMap().values()) {
            if (v instanceof Held h) {
                out.add(h.route);
            }
        }
        return out;
    }

    /** What the current transaction holds for {@code key}, or {@code null}. */
    static Held heldBy(Object key) {
        return TransactionSynchronizationManager.getResource(key) instanceof Held h ? h : null;
    }

    /**
     * Holds {@code route} for the current transaction under {@code key} until it completes; after a commit of a
     * transaction that sent a write to a primary, the write is remembered with windows of {@code windowMillis}.
     * Returns what is held, or {@code null} without transaction synchronization.
     */
    static Held hold(Object key, Route route, boolean readOnly, boolean afterToken, long windowMillis) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return null;
        }
        Held held = new Held(key, route, readOnly, afterToken, windowMillis);
        TransactionSynchronizationManager.bindResource(key, held);
        TransactionSynchronizationManager.registerSynchronization(held);
        return held;
    }

    /**
     * A transaction's route, whether it was asked with a causal token, and whether the transaction is read-write and
     * sent SQL that writes (or SQL it could not see); also the transaction's synchronization that unbinds it when the
     * transaction is suspended or completes (one object per transaction).
     */
    static final class Held implements TransactionSynchronization {
        private final Object key;
        final Route route;
        final boolean readOnly;
        final boolean afterToken;
        private final long windowMillis;
        boolean wrote;

        Held(Object key, Route route, boolean readOnly, boolean afterToken, long windowMillis) {
            this.key = key;
            this.route = route;
            this.readOnly = readOnly;
            this.afterToken = afterToken;
            this.windowMillis = windowMillis;
        }

        /** Notes a write (or SQL that may write) sent in a read-write transaction. */
        void sentWrite() {
            if (!readOnly) {
                wrote = true;
            }
        }

        @Override
        public void suspend() {
            TransactionSynchronizationManager.unbindResourceIfPossible(key);
        }

        @Override
        public void resume() {
            TransactionSynchronizationManager.bindResource(key, this);
        }

        @Override
        public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(key);
            if (status == STATUS_COMMITTED && wrote && route.role() == Role.PRIMARY) {
                WriteMemory.current(windowMillis).wrote(route.group());
            }
        }
    }
}
