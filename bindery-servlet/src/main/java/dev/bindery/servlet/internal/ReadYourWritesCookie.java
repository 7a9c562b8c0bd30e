package dev.bindery.servlet.internal;

import dev.bindery.CausalToken;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.time.Duration;
import java.util.Objects;

/**
 * The read-your-writes marker a client carries between requests, read from the request and issued on the response
 * here and nowhere else (the Javalin plugin and the servlet filter both go through this class). After a request that
 * wrote, the response carries a causal token, {@code t.<token>} (the primaries' WAL positions after the commit): the
 * client's next reads are served by replicas that have replayed past it, else by the primary. Where the database
 * gives no position (H2), it carries a time window instead, {@code w.<epoch-millis>}: until then the client's reads go
 * to the primary. The cookie lives for the window either way ({@code HttpOnly}, {@code SameSite=Lax}, {@code Path=/}).
 */
public final class ReadYourWritesCookie {
    /** The cookie's default name. */
    public static final String DEFAULT_NAME = "bindery-ryw";
    private static final String WINDOW_PREFIX = "w.";
    private static final String TOKEN_PREFIX = "t.";

    private final String name;
    private final Duration window;

    /** A cookie named {@code name} whose window lasts {@code window} (positive). */
    public ReadYourWritesCookie(String name, Duration window) {
        this.name = Objects.requireNonNull(name, "name");
        this.window = Objects.requireNonNull(window, "window");
        if (name.isBlank() || !name.chars().allMatch(c -> c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
            throw new IllegalArgumentException("The read-your-writes cookie name must be a non-empty token (letters, "
                    + "digits, '-', '_', '.'), was '" + name + "'.");
        }
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

    /** What the request's cookie says; {@link Marker#NONE} when it carries none, or one that does not parse. */
    public Marker read(HttpServletRequest request, long nowMillis) {
        String value = value(request);
        return new Marker(readsFromPrimary(value, nowMillis), tokenOf(value));
    }

    /** Sets the cookie on {@code response} after a request that wrote at {@code nowMillis} and committed {@code token}. */
    public void issue(HttpServletResponse response, long nowMillis, CausalToken token) {
        response.addHeader("Set-Cookie", name + "=" + value(nowMillis, token) + "; Path=/; Max-Age=" + maxAgeSeconds()
                + "; HttpOnly; SameSite=Lax");
    }

    private String value(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (name.equals(c.getName())) {
                    return c.getValue();
                }
            }
        }
        return null;
    }

    /** Whether a request carrying {@code value} (null when absent) must read from the primary at {@code nowMillis}. */
    boolean readsFromPrimary(String value, long nowMillis) {
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
    CausalToken tokenOf(String value) {
        if (value == null || !value.startsWith(TOKEN_PREFIX)) {
            return null;
        }
        try {
            return CausalToken.parse(value.substring(TOKEN_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The value to send after a request that wrote at {@code nowMillis}: the token, or a window when it is empty. */
    String value(long nowMillis, CausalToken token) {
        if (token != null && !token.isEmpty()) {
            return TOKEN_PREFIX + token.serialize();
        }
        return WINDOW_PREFIX + (nowMillis + window.toMillis());
    }

    /** The cookie's Max-Age in seconds, rounded up. */
    int maxAgeSeconds() {
        return (int) Math.max(1, (window.toMillis() + 999) / 1000);
    }

    /**
     * What a request's cookie asks of its reads.
     *
     * @param primaryReads whether the client is inside its time window, so its reads go to the primary
     * @param after        the causal token its reads must see, or {@code null}
     */
    public record Marker(boolean primaryReads, CausalToken after) {
        /** No cookie, or one that says nothing. */
        public static final Marker NONE = new Marker(false, null);
    }
}
