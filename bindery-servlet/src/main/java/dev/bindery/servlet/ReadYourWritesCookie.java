package dev.bindery.servlet;

import dev.bindery.CausalToken;
import dev.bindery.ClientTokens;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.time.Duration;
import java.util.Objects;

/**
 * The read-your-writes marker a client carries between requests, read from the request and issued on the response
 * here and nowhere else (the Javalin plugin and the servlet filter both go through this class). After a request that
 * wrote, the response carries a causal token, {@code t.<token>!<signature>} (the primaries' WAL positions after the
 * commit): the client's next reads are served by replicas that have replayed past it, else by the primary. Where the
 * database gives no position (H2), it carries a time window instead, {@code w.<epoch-millis>!<signature>}: until then
 * the client's reads go to the primary. Both are signed by {@link dev.bindery.ClientTokens} (the {@code tokenKeys}
 * of the first registered database's binds); a value that is not authentic, or a window that ends later than this
 * cookie's window allows from now, is ignored and counted there. The cookie lives for the window either way
 * ({@code HttpOnly}, {@code SameSite=Lax}, {@code Path=/}, and {@code Secure} over HTTPS or when configured).
 */
public final class ReadYourWritesCookie {
    /** The cookie's default name. */
    public static final String DEFAULT_NAME = "bindery-ryw";
    private static final String WINDOW_PREFIX = "w.";
    private static final String TOKEN_PREFIX = "t.";

    private final String name;
    private final Duration window;
    private final boolean alwaysSecure;
    private final ClientTokens tokens;

    /**
     * A cookie named {@code name} whose window lasts {@code window} (positive), signed and checked by {@code tokens}
     * ({@code null} when no database is registered: then nothing is issued nor honoured). {@code alwaysSecure} marks
     * it {@code Secure} on every response, not only on those to HTTPS requests.
     */
    public ReadYourWritesCookie(String name, Duration window, boolean alwaysSecure, ClientTokens tokens) {
        this.name = Objects.requireNonNull(name, "name");
        this.window = Objects.requireNonNull(window, "window");
        this.alwaysSecure = alwaysSecure;
        this.tokens = tokens;
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

    /** Whether the cookie is marked {@code Secure} on every response, not only over HTTPS. */
    public boolean alwaysSecure() {
        return alwaysSecure;
    }

    /** What the request's cookie says; {@link Marker#NONE} when it carries none, or one that is not authentic. */
    public Marker read(HttpServletRequest request, long nowMillis) {
        String value = value(request);
        if (value == null || tokens == null) {
            return Marker.NONE;
        }
        if (value.startsWith(WINDOW_PREFIX)) {
            long until = tokens.windowEnd(value.substring(WINDOW_PREFIX.length()), nowMillis, window);
            return nowMillis < until ? new Marker(true, null) : Marker.NONE;
        }
        if (value.startsWith(TOKEN_PREFIX)) {
            CausalToken token = tokens.verify(value.substring(TOKEN_PREFIX.length()));
            return token.isEmpty() ? Marker.NONE : new Marker(false, token);
        }
        tokens.verify(value);   // neither marker: counted as malformed
        return Marker.NONE;
    }

    /**
     * Sets the cookie on {@code response} to {@code request}, after it wrote at {@code nowMillis} and committed
     * {@code token}.
     */
    public void issue(HttpServletRequest request, HttpServletResponse response, long nowMillis, CausalToken token) {
        String value = value(nowMillis, token);
        if (value == null) {
            return;
        }
        response.addHeader("Set-Cookie", name + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds() + "; HttpOnly; SameSite=Lax"
                + (alwaysSecure || request.isSecure() ? "; Secure" : ""));
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

    /** The value to send after a request that wrote at {@code nowMillis}: the token, or a window when it is empty. */
    String value(long nowMillis, CausalToken token) {
        if (tokens == null) {
            return null;
        }
        if (token != null && !token.isEmpty()) {
            return TOKEN_PREFIX + tokens.sign(token);
        }
        return WINDOW_PREFIX + tokens.signWindow(nowMillis + window.toMillis());
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
