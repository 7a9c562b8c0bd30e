package dev.bindery;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The position of each written group's primary after a commit (the WAL LSN on PostgreSQL). A read carrying the
 * token is served only by replicas that have replayed past it, so a client reads its own writes across sessions and
 * requests. A token handed to a client is signed with {@link ClientTokens#sign(CausalToken)} and read back with
 * {@link ClientTokens#verify(String)}; {@link #serialize()} and {@link #parse(String)} are its unsigned form.
 *
 * <p>In a {@code failover=follow} PostgreSQL group a token also carries the primary's timeline
 * ({@code default~2:16B374D848}), so that after a failover Bindery can tell a position the new primary's history has
 * from one whose writes the failover lost. Tokens without a timeline ({@code default~16B374D848}, written before
 * timelines or by a group without them) still parse and are compared by position only.
 */
public final class CausalToken implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** The token that asks for nothing. */
    public static final CausalToken NONE = new CausalToken(Map.of());

    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_@-]+~([0-9A-Fa-f]{1,8}:)?[0-9A-Fa-f]{1,16}");
    private final Map<String, Long> positions;
    /** Timelines by group, for the groups whose token carries one (none for most tokens). */
    private final Map<String, Long> timelines;
    /** The group of a one-group token (the common case), so that {@link #position} needs no map lookup; else null. */
    private final String onlyGroup;
    private final long onlyPosition;

    private CausalToken(Map<String, Long> positions) {
        this(positions, Map.of());
    }

    private CausalToken(Map<String, Long> positions, Map<String, Long> timelines) {
        this.positions = Collections.unmodifiableMap(new LinkedHashMap<>(positions));
        this.timelines = timelines.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(timelines));
        if (positions.size() == 1) {
            Map.Entry<String, Long> only = this.positions.entrySet().iterator().next();
            this.onlyGroup = only.getKey();
            this.onlyPosition = only.getValue();
        } else {
            this.onlyGroup = null;
            this.onlyPosition = -1;
        }
    }

    /** A token asking group {@code group} for replay position {@code position}. */
    public static CausalToken of(String group, long position) {
        return new CausalToken(Map.of(group, position));
    }

    /**
     * A token asking group {@code group} for position {@code position} on timeline {@code timeline} (PostgreSQL; a
     * timeline of 0 or less is a token without one, as {@link #of(String, long)}).
     */
    public static CausalToken of(String group, long timeline, long position) {
        return timeline <= 0 ? of(group, position) : new CausalToken(Map.of(group, position), Map.of(group, timeline));
    }

    /** The timeline the position asked of {@code group} lies on, or 0 when the token names none. */
    public long timeline(String group) {
        if (timelines.isEmpty()) {
            return 0;
        }
        Long t = timelines.get(group);
        return t == null ? 0 : t;
    }

    /** The position asked of {@code group}, or -1 when the token asks nothing of it. */
    public long position(String group) {
        if (onlyGroup != null) {
            return onlyGroup.equals(group) ? onlyPosition : -1;
        }
        Long p = positions.get(group);
        return p == null ? -1 : p;
    }

    /** The positions by group. */
    public Map<String, Long> positions() {
        return positions;
    }

    /** Whether the token asks nothing. */
    public boolean isEmpty() {
        return positions.isEmpty();
    }

    /**
     * A token asking, per group, for the later of this one's and {@code other}'s: the later timeline, then the higher
     * position on it.
     */
    public CausalToken merge(CausalToken other) {
        if (other == null || other.isEmpty()) {
            return this;
        }
        Map<String, Long> m = new LinkedHashMap<>(positions);
        Map<String, Long> t = new LinkedHashMap<>(timelines);
        other.positions.forEach((g, p) -> {
            long mine = timeline(g);
            long theirs = other.timeline(g);
            if (!m.containsKey(g) || theirs > mine) {
                m.put(g, p);
            } else if (theirs == mine) {
                m.merge(g, p, Math::max);
            }
            if (theirs > mine) {
                t.put(g, theirs);
            }
        });
        return new CausalToken(m, t);
    }

    /**
     * A short string safe in cookies and headers, such as {@code default~16B374D848}, or {@code default~2:16B374D848}
     * with a timeline.
     */
    public String serialize() {
        StringBuilder b = new StringBuilder();
        positions.forEach((g, p) -> {
            b.append(b.length() == 0 ? "" : ".").append(g).append('~');
            long t = timeline(g);
            if (t > 0) {
                b.append(Long.toHexString(t).toUpperCase(Locale.ROOT)).append(':');
            }
            b.append(Long.toHexString(p).toUpperCase(Locale.ROOT));
        });
        return b.toString();
    }

    /**
     * Reads a token written by {@link #serialize()}; an empty or {@code null} text is {@link #NONE}. It checks no
     * signature: use it for text your own code stored, never for text a client sent; that goes through
     * {@link ClientTokens#verify(String)} ({@link Binds#tokens()}).
     *
     * @throws IllegalArgumentException if the text is not a token
     */
    public static CausalToken parse(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        CausalToken out = NONE;
        for (String part : text.trim().split("\\.")) {
            if (!PART.matcher(part).matches()) {
                throw new IllegalArgumentException("Not a causal token: '" + text + "'. Expected group~hexposition or "
                        + "group~hextimeline:hexposition, e.g. default~16B374D848 or default~2:16B374D848");
            }
            int t = part.indexOf('~');
            int colon = part.indexOf(':', t);
            long timeline = colon < 0 ? 0 : Long.parseLong(part.substring(t + 1, colon), 16);
            long position = Long.parseUnsignedLong(part.substring(colon < 0 ? t + 1 : colon + 1), 16);
            out = out.merge(of(part.substring(0, t), timeline, position));
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CausalToken t && t.positions.equals(positions) && t.timelines.equals(timelines);
    }

    @Override
    public int hashCode() {
        return positions.hashCode() * 31 + timelines.hashCode();
    }

    @Override
    public String toString() {
        return "CausalToken[" + serialize() + "]";
    }
}
