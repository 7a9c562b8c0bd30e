package dev.bindery.javalin.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * The read-your-writes marker a client carries between requests. After a request that wrote, the response carries
 * a causal token, {@code t.<token>} (the primaries' WAL positions after the commit): the client's next reads are
 * served by replicas that have replayed past it, else by the primary. Where the database gives no position (H2), it
 * carries a time window instead, {@code w.<epoch-millis>}: until then the client's reads go to the primary. The cookie
 * lives for the window either way. All knowledge of the format lives here. A forged value can only make that client's
 * own reads go to the primary.
 */
public final class ReadYourWritesCookie {
    /** The cookie's default name. */
    public static final String DEFAULT_NAME = "bindery-ryw";
    private static final String WINDOW_PREFIX = "w.";
    private static final String TOKEN_PREFIX = "t.";

    private final String name;
    private final Duration window;

    public ReadYourWritesCookie(String name, Duration window) {
        this.name = Objects.requireNonNull(name, "name");
        this.window = Objects.requireNonNull(window, "window");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("The read-your-writes window must be positive, was " + window
                    + "; turn the feature off with readYourWrites(false) instead.");
        }
    }

    /** The cookie's name. */
    public String name() {
        return name;
    }

    /** How long after a write the client's reads stay on the primary. */
    public Duration window() {
        return window;
    }

    /** Whether a request carrying {@code value} (null when absent) must read from the primary at {@code nowMillis}. */
    public boolean readsFromPrimary(String value, long nowMillis) {
        if (value == null || !value.startsWith(WINDOW_PREFIX)) {
            return false;
        }
        try {
            return nowMillis < Long.parseLong(value.substring(WINDOW_PREFIX.length()));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The causal token a request carrying {@code value} must read past, or {@code null} when it carries none. */
    public dev.bindery.CausalToken tokenOf(String value) {
        if (value == null || !value.startsWith(TOKEN_PREFIX)) {
            return null;
        }
        try {
            return dev.bindery.CausalToken.parse(value.substring(TOKEN_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The value to send after a request that wrote at {@code nowMillis}: the token, or a window when it is empty. */
    public String issue(long nowMillis, dev.bindery.CausalToken token) {
        if (token != null && !token.isEmpty()) {
            return TOKEN_PREFIX + token.serialize();
        }
        return WINDOW_PREFIX + (nowMillis + window.toMillis());
    }

    /** The cookie's Max-Age in seconds, rounded up. */
    public int maxAgeSeconds() {
        return (int) Math.max(1, (window.toMillis() + 999) / 1000);
    }
}
