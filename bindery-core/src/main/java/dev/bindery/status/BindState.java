package dev.bindery.status;

import dev.bindery.BindUnavailableException;

/** The health of one bind as the router sees it. */
public enum BindState {
    /** Serving. */
    UP,
    /** A replica taken out of rotation after failures; it is re-admitted after consecutive good checks. */
    EJECTED,
    /** A primary that failed its checks: writes fail fast with {@link BindUnavailableException}. */
    DOWN,
    /** A replica whose replication lag exceeds its bound: it receives no reads until it catches up. */
    LAGGING,
    /**
     * A member of a {@code failover=follow} group that is off the group's current timeline: an old primary that came
     * back writable, a replica that follows an old timeline, or a second writable member (split-brain). It receives
     * neither reads nor writes until a check finds it following the current timeline.
     */
    FENCED,
    /** A replica removed from its group at run time; its pool closes once idle. */
    REMOVED
}
