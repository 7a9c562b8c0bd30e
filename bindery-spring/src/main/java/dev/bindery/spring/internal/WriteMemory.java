package dev.bindery.spring.internal;

import dev.bindery.AvailabilityException;
import dev.bindery.Binds;
import dev.bindery.CausalToken;
import dev.bindery.spi.RouteReason;
import dev.bindery.spi.RouteRequest;

import java.util.HashMap;
import java.util.Map;

/**
 * What the current thread (or, under the web filter, the current request) wrote, so that its later read-only
 * transactions see it (read-your-writes): a group a read-write transaction committed on is remembered; the first
 * read after it reads the group's causal token once (its primary's position then, which is at or past the commit),
 * so its reads go to a replica that has replayed that far, else to the primary. Where the database gives no position
 * (H2), reads stay on the primary for a window instead. A request starts from what its client's cookie carried.
 * At most one entry per group: the memory is bounded by the configuration.
 */
public final class WriteMemory {
    private static final ThreadLocal<WriteMemory> CURRENT = new ThreadLocal<>();

    private final Map<String, Written> groups = new HashMap<>(4);
    private final long windowMillis;
    private CausalToken carried;
    private long carriedPrimaryUntil;
    private boolean wroteHere;

    /** An empty memory whose windows last {@code windowMillis}. */
    public WriteMemory(long windowMillis) {
        this.windowMillis = windowMillis;
        this.carried = CausalToken.NONE;
    }

    /** A request's memory, starting from what the client carried: a token, or a window open until {@code primaryUntil}. */
    public static WriteMemory carried(long windowMillis, CausalToken token, long primaryUntil) {
        WriteMemory m = new WriteMemory(windowMillis);
        m.carried = token == null ? CausalToken.NONE : token;
        m.carriedPrimaryUntil = primaryUntil;
        return m;
    }

    /** The memory of the current thread, or {@code null} when it never wrote and no request installed one. */
    public static WriteMemory currentIfAny() {
        return CURRENT.get();
    }

    /** The memory of the current thread, created (with {@code windowMillis}) on first use. */
    public static WriteMemory current(long windowMillis) {
        WriteMemory m = CURRENT.get();
        if (m == null) {
            m = new WriteMemory(windowMillis);
            CURRENT.set(m);
        }
        return m;
    }

    /** Makes {@code memory} the current thread's ({@code null}: none) and returns the one it replaces. */
    public static WriteMemory install(WriteMemory memory) {
        WriteMemory previous = CURRENT.get();
        if (memory == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(memory);
        }
        return previous;
    }

    /** Records that a read-write transaction committed on the group whose primary is {@code group}. */
    public void wrote(String group) {
        wroteHere = true;
        Written w = groups.get(group);
        if (w == null) {
            groups.put(group, new Written(System.currentTimeMillis()));
        } else {
            w.pendingSince = System.currentTimeMillis();
        }
    }

    /** Whether work of this memory wrote (not counting what the client carried in). */
    public boolean wrote() {
        return wroteHere;
    }

    /**
     * {@code read}, a read in the logical group {@code group}, with what this memory requires of it: the tokens of the
     * writes so far, or the primary while a window of that group (or one the client carried) is open. {@code read}
     * itself when nothing was written.
     */
    public RouteRequest apply(RouteRequest read, Binds binds, String group) {
        long now = 0;
        CausalToken token = carried;
        boolean primary = false;
        if (carriedPrimaryUntil != 0) {
            now = System.currentTimeMillis();
            primary = now < carriedPrimaryUntil;
        }
        for (Map.Entry<String, Written> e : groups.entrySet()) {
            Written w = e.getValue();
            if (w.pendingSince != 0) {
                settle(e.getKey(), w, binds);
            }
            if (!w.token.isEmpty()) {
                token = token.merge(w.token);
            } else if (w.primaryUntil != 0 && binds.router().logicalGroup(e.getKey()).equals(group)) {
                now = now == 0 ? System.currentTimeMillis() : now;
                primary |= now < w.primaryUntil;
            }
        }
        if (primary) {
            return read.withPrimaryRequired(RouteReason.READ_YOUR_WRITES);
        }
        return token.isEmpty() ? read : read.withToken(token);
    }

    /** The tokens of the writes of this memory (reading the positions still pending), for the client's cookie. */
    public CausalToken committedToken(Binds binds) {
        CausalToken token = CausalToken.NONE;
        for (Map.Entry<String, Written> e : groups.entrySet()) {
            Written w = e.getValue();
            if (w.pendingSince != 0) {
                settle(e.getKey(), w, binds);
            }
            token = token.merge(w.token);
        }
        return token;
    }

    private void settle(String group, Written w, Binds binds) {
        CausalToken t;
        try {
            t = binds.causalToken(group);
        } catch (AvailabilityException e) {
            t = CausalToken.NONE;     // the primary cannot say: keep reads on it for the window
        }
        if (t.isEmpty()) {
            w.primaryUntil = w.pendingSince + windowMillis;
        } else {
            w.token = w.token.merge(t);
        }
        w.pendingSince = 0;
    }

    /** One group's writes: a position still to read, the token read, or the end of the primary window. */
    private static final class Written {
        long pendingSince;
        CausalToken token = CausalToken.NONE;
        long primaryUntil;

        Written(long pendingSince) {
            this.pendingSince = pendingSince;
        }
    }
}
