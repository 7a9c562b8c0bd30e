package dev.bindery.internal;

import dev.bindery.status.TokenRejection;

/**
 * Bounds the causal tokens reads carry by what the group's primary has reported: a token asking for a position beyond
 * the primary's highest reported one asks for a write that never happened (forged, or a token of another database).
 * Such a token makes the primary's position be read again, at most once per health-check interval and group, on the
 * primary's position connection; if it is still ahead, the token is ignored and counted. Within the interval after a
 * read, a token ahead cannot be told from one that another application instance issued since: its read goes to the
 * primary, without asking or waiting for the replicas.
 */
public final class TokenBound {
    /** What to do with a token's position for one group. */
    public enum Verdict {
        /** The primary reported the position: the token is honoured. */
        WITHIN,
        /** Beyond the primary's position read just now: the read goes on as if it carried no token. */
        IGNORED,
        /** Beyond the primary's last known position, which was read too recently to read again: the primary serves it. */
        UNCONFIRMED
    }

    private final TokenCounters counters;

    public TokenBound(TokenCounters counters) {
        this.counters = counters;
    }

    /** The verdict on {@code position} (at least 0) asked of group {@code group}. */
    public Verdict check(ReplicaGroup group, long position) {
        BindNode primary = group.primary();
        if (position <= primary.health().highestPosition()) {
            return Verdict.WITHIN;
        }
        long interval = group.options().healthCheckInterval().toNanos();
        long wait = group.options().healthCheckTimeout().toNanos();
        if (!primary.positions().refreshIfOlderThan(interval, wait)) {
            return position <= primary.health().highestPosition() ? Verdict.WITHIN : Verdict.UNCONFIRMED;
        }
        if (position <= primary.health().highestPosition()) {
            return Verdict.WITHIN;
        }
        primary.tokensIgnored.increment();
        counters.ignored(TokenRejection.AHEAD_OF_PRIMARY);
        return Verdict.IGNORED;
    }
}
