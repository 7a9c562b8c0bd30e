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
 */
public final class CausalToken {
    /** The token that asks for nothing. */
    public static final CausalToken NONE = new CausalToken(Map.of());

    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_@-]+~[0-9A-Fa-f]{1,16}");
    private final Map<String, Long> positions;
    /** The group of a one-group token (the common case), so that {@link #position} needs no map lookup; else null. */
    private final String onlyGroup;
    private final long onlyPosition;

    private CausalToken(Map<String, Long> positions) {
        this.positions = Collections.unmodifiableMap(new LinkedHashMap<>(positions));
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

    /** A token asking, per group, for the later position of this one and {@code other}. */
    public CausalToken merge(CausalToken other) {
        if (other == null || other.isEmpty()) {
            return this;
        }
        Map<String, Long> m = new LinkedHashMap<>(positions);
        other.positions.forEach((g, p) -> m.merge(g, p, Math::max));
        return new CausalToken(m);
    }

    /** A short string safe in cookies and headers, such as {@code default~16B374D848}. */
    public String serialize() {
        StringBuilder b = new StringBuilder();
        positions.forEach((g, p) -> b.append(b.length() == 0 ? "" : ".").append(g).append('~')
                .append(Long.toHexString(p).toUpperCase(Locale.ROOT)));
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
        Map<String, Long> m = new LinkedHashMap<>();
        for (String part : text.trim().split("\\.")) {
            if (!PART.matcher(part).matches()) {
                throw new IllegalArgumentException("Not a causal token: '" + text + "'. Expected group~hexposition, e.g. default~16B374D848");
            }
            int t = part.indexOf('~');
            m.merge(part.substring(0, t), Long.parseUnsignedLong(part.substring(t + 1), 16), Math::max);
        }
        return new CausalToken(m);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CausalToken t && t.positions.equals(positions);
    }

    @Override
    public int hashCode() {
        return positions.hashCode();
    }

    @Override
    public String toString() {
        return "CausalToken[" + serialize() + "]";
    }
}
