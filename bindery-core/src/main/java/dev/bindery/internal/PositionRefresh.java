package dev.bindery.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Reads one node's replication position again for causal tokens, outside the periodic health checks. At most one
 * query is in flight per node whatever the request rate: a caller that finds one in flight waits for its result instead
 * of sending another, and a caller reuses the result of a read that started after it needed one. Queries use the node's own position connection (see
 * {@link BindNode#positionConnection()}), never the health checks' connection nor real work's, and a failed query
 * changes no health state: only health checks eject.
 */
public final class PositionRefresh {
    private static final Logger LOG = LoggerFactory.getLogger(PositionRefresh.class);

    private static final long NOT_DUE = Long.MIN_VALUE;

    private final BindNode node;
    private final AtomicReference<CompletableFuture<Long>> inFlight = new AtomicReference<>();
    private final LongAdder queries = new LongAdder();
    private volatile long lastStartNanos;
    private volatile boolean started;

    PositionRefresh(BindNode node) {
        this.node = node;
    }

    /**
     * The position after a read that started no earlier than {@code notBeforeNanos} ({@link System#nanoTime()}): the
     * result of such a read if one ran, else of the read in flight (waiting at most {@code maxWaitNanos} for it), else
     * of a read started now. Returns the position known afterwards, -1 when unknown.
     */
    public long refresh(long maxWaitNanos, long notBeforeNanos) {
        long p = read(maxWaitNanos, notBeforeNanos);
        return p == NOT_DUE ? node.health().position() : p;
    }

    /**
     * Reads the position unless a read started within the last {@code minAgeNanos} (joining one in flight); returns
     * whether a read ran or was joined. Bounds the reads that requests can cause to one per {@code minAgeNanos}.
     */
    public boolean refreshIfOlderThan(long minAgeNanos, long maxWaitNanos) {
        return read(maxWaitNanos, System.nanoTime() - minAgeNanos) != NOT_DUE;
    }

    private boolean due(long notBeforeNanos) {
        return !started || lastStartNanos - notBeforeNanos < 0;
    }

    private long read(long maxWaitNanos, long notBeforeNanos) {
        CompletableFuture<Long> running = inFlight.get();
        if (running == null) {
            if (!due(notBeforeNanos)) {
                return NOT_DUE;
            }
            CompletableFuture<Long> mine = new CompletableFuture<>();
            if (inFlight.compareAndSet(null, mine)) {
                long position = -1;
                try {
                    if (!due(notBeforeNanos)) {
                        position = NOT_DUE;   // another read started and ended between the check and the claim
                        return NOT_DUE;
                    }
                    position = query();
                } finally {
                    mine.complete(position);
                    inFlight.compareAndSet(mine, null);
                }
                return position;
            }
            running = inFlight.get();
            if (running == null) {
                return node.health().position();   // a read finished meanwhile: its result is in the health state
            }
        }
        try {
            return running.get(Math.max(0, maxWaitNanos), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** How many position queries were sent to this node for causal tokens so far. */
    public long queries() {
        return queries.sum();
    }

    private long query() {
        lastStartNanos = System.nanoTime();
        started = true;
        queries.increment();
        int timeout = (int) Math.max(1, node.groupConfig().groupOptions().healthCheckTimeout().toSeconds());
        try (Connection c = node.positionConnection()) {
            long position = node.probe().observe(c, node.role(), timeout).position();
            node.health().positionSeen(position);
            return position;
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Reading the position of bind '{}' for a causal token failed: {}", node.key(), node.scrub(e.getMessage()));
            return -1;
        }
    }
}
