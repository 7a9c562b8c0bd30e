package dev.bindery.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where each earlier timeline of a {@code failover=follow} group ended: the position at which the current primary's
 * history forked from it. A causal token of an earlier timeline asks for a position on the current history when it is
 * at or before that point; beyond it, it asks for writes the failover lost.
 */
public final class TimelineHistory {
    private final Map<Long, Long> ends = new ConcurrentHashMap<>();

    /** Records that {@code timeline} ended at {@code position} (kept at the lowest position seen). */
    public void ended(long timeline, long position) {
        if (timeline > 0 && position >= 0) {
            ends.merge(timeline, position, Math::min);
        }
    }

    /** Raises the end of {@code timeline} to {@code position}: an exact end read from the database replaces a lower bound. */
    public void endedExactly(long timeline, long position) {
        if (timeline > 0 && position >= 0) {
            ends.put(timeline, position);
        }
    }

    /**
     * Where {@code timeline} ended, or -1 when unknown. A timeline older than one whose end is known ended no later than
     * the earliest end known of a later timeline's ancestors; without its own record it is unknown.
     */
    public long endOf(long timeline) {
        Long end = ends.get(timeline);
        return end == null ? -1 : end;
    }

    /**
     * The switchpoint of {@code ended} in the text of a PostgreSQL timeline history file (lines of
     * {@code parentTLI<tab>X/Y<tab>reason}), or -1 when the file does not name it.
     */
    static long endOf(String history, long ended) {
        if (history == null) {
            return -1;
        }
        for (String line : history.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 2 && f[0].equals(Long.toString(ended))) {
                try {
                    return ReplicationProbe.PostgresProbe.lsn(f[1]);
                } catch (RuntimeException e) {
                    return -1;
                }
            }
        }
        return -1;
    }
}
