package dev.bindery.javalin.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * The read-your-writes marker a client carries between requests. After a request that wrote, the response carries
 * {@code w.<epoch-millis>}: until that instant the client's reads go to the primary (a time window, long enough for
 * the replicas to catch up). All knowledge of the format lives here, so it can become a causal (LSN) token later.
 * A forged value can only send that client's own reads to the primary.
 */
public final class ReadYourWritesCookie {
    /** The cookie's default name. */
    public static final String DEFAULT_NAME = "bindery-ryw";
    private static final String WINDOW_PREFIX = "w.";

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

    /** The value to send after a request that wrote at {@code nowMillis}. */
    public String issue(long nowMillis) {
        return WINDOW_PREFIX + (nowMillis + window.toMillis());
    }

    /** The cookie's Max-Age in seconds, rounded up. */
    public int maxAgeSeconds() {
        return (int) Math.max(1, (window.toMillis() + 999) / 1000);
    }
}
