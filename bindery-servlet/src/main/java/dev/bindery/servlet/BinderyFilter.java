package dev.bindery.javalin;

import dev.bindery.hibernate.Database;
import dev.bindery.hibernate.RoutingSession;
import dev.bindery.javalin.internal.ReadYourWritesCookie;
import dev.bindery.javalin.internal.Registry;
import dev.bindery.javalin.internal.RequestSessions;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The per-request session lifecycle as a Jakarta Servlet {@link Filter}, for servlet containers other than Javalin:
 * sessions open lazily per key ({@link #session(ServletRequest, String)}), commit when the chain returns with a status
 * below the rollback rule's threshold, roll back on an exception or an error status, and always close. GET, HEAD and
 * OPTIONS open read-only sessions. Registered keys are all per request.
 * <p>
 * A servlet may commit the response before the filter ends the sessions (by flushing a large body); then the bind
 * header and the read-your-writes cookie cannot be added, and a failed commit can no longer change the status.
 */
public final class BinderyFilter implements Filter {
    private final Registry registry;
    private final Function<HttpServletRequest, RequestTarget> resolver;
    private final RollbackRule rollbackRule;
    private final ReadYourWritesCookie readYourWrites;
    private final String bindHeader;

    private BinderyFilter(Builder b) {
        this.registry = b.registry;
        this.resolver = b.resolver;
        this.rollbackRule = b.rollbackRule;
        this.readYourWrites = b.readYourWrites ? new ReadYourWritesCookie(b.cookieName, b.window) : null;
        this.bindHeader = b.bindHeader;
    }

    /** A builder; register at least one database. */
    public static Builder builder() {
        return new Builder();
    }

    /** The request's session of key {@code "db"}; see {@link #session(ServletRequest, String)}. */
    public static RoutingSession session(ServletRequest request) {
        return session(request, BinderyPlugin.DEFAULT_KEY);
    }

    /**
     * The request's session of {@code key}, opened now if this is its first use.
     *
     * @throws UnknownSessionKeyException if {@code key} was never registered
     * @throws SessionNotOpenException    if the filter does not handle this request
     */
    public static RoutingSession session(ServletRequest request, String key) {
        Object s = request.getAttribute(RequestSessions.ATTRIBUTE);
        if (!(s instanceof RequestSessions sessions)) {
            throw SessionNotOpenException.noPlugin();
        }
        return sessions.session(key);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest req) || !(response instanceof HttpServletResponse res)
                || req.getAttribute(RequestSessions.ATTRIBUTE) != null) {
            chain.doFilter(request, response);
            return;
        }
        boolean primaryReads = readYourWrites != null
                && readYourWrites.readsFromPrimary(cookie(req, readYourWrites.name()), System.currentTimeMillis());
        RequestSessions sessions = new RequestSessions(registry, RequestSessions.isReadOnlyMethod(req.getMethod()),
                primaryReads, readYourWrites == null ? null : readYourWrites.tokenOf(cookie(req, readYourWrites.name())),
                () -> resolver.apply(req), () -> null);
        req.setAttribute(RequestSessions.ATTRIBUTE, sessions);
        boolean failed = true;
        try {
            chain.doFilter(request, response);
            failed = false;
        } finally {
            boolean kept = false;
            try {
                kept = sessions.finish(failed || rollbackRule.rollsBack(res.getStatus()));
            } catch (CommitFailedException e) {
                if (!res.isCommitted()) {
                    res.reset();
                    res.setStatus(500);
                    res.setContentType("application/json");
                    res.getWriter().write("{\"error\":\"The request's changes could not be saved and were rolled back.\"}");
                }
                throw e;
            } finally {
                req.removeAttribute(RequestSessions.ATTRIBUTE);
                if (!res.isCommitted()) {
                    List<String> binds = sessions.servedBy();
                    if (bindHeader != null && !binds.isEmpty()) {
                        res.setHeader(bindHeader, String.join(",", binds));
                    }
                }
            }
            if (kept && readYourWrites != null && !res.isCommitted()) {
                Cookie c = new Cookie(readYourWrites.name(), readYourWrites.issue(System.currentTimeMillis(), sessions.committedToken()));
                c.setPath("/");
                c.setHttpOnly(true);
                c.setMaxAge(readYourWrites.maxAgeSeconds());
                c.setAttribute("SameSite", "Lax");
                res.addCookie(c);
            }
        }
    }

    private static String cookie(HttpServletRequest req, String name) {
        Cookie[] cookies = req.getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (name.equals(c.getName())) {
                    return c.getValue();
                }
            }
        }
        return null;
    }

    /** Configures a {@link BinderyFilter}: the same options as the plugin's. */
    public static final class Builder {
        private final Registry registry = new Registry();
        private Function<HttpServletRequest, RequestTarget> resolver = r -> RequestTarget.NONE;
        private RollbackRule rollbackRule = RollbackRule.SERVER_ERRORS;
        private boolean readYourWrites = true;
        private Duration window = Duration.ofSeconds(5);
        private String cookieName = ReadYourWritesCookie.DEFAULT_NAME;
        private String bindHeader;

        private Builder() {
        }

        /** Registers {@code db} under key {@code "db"}. */
        public Builder session(Database db) {
            return session(BinderyPlugin.DEFAULT_KEY, db);
        }

        /**
         * Registers {@code db} under {@code key}.
         *
         * @throws DuplicateKeyException if {@code key} is registered already
         */
        public Builder session(String key, Database db) {
            registry.add(key, db, SessionMode.PER_REQUEST);
            return this;
        }

        /** Picks a bind or region per request, from the servlet request. */
        public Builder resolver(Function<HttpServletRequest, RequestTarget> resolver) {
            this.resolver = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        /** Which statuses roll back; default {@link RollbackRule#SERVER_ERRORS}. */
        public Builder rollbackOn(RollbackRule rule) {
            this.rollbackRule = Objects.requireNonNull(rule, "rule");
            return this;
        }

        /** Turns the read-your-writes cookie on (the default) or off. */
        public Builder readYourWrites(boolean on) {
            this.readYourWrites = on;
            return this;
        }

        /** How long after a write the client's reads stay on the primary (default 5 s). */
        public Builder readYourWritesWindow(Duration window) {
            this.window = Objects.requireNonNull(window, "window");
            return this;
        }

        /** Names a response header that lists the binds that served the request. Off by default. */
        public Builder bindHeader(String header) {
            this.bindHeader = header;
            return this;
        }

        /** The filter. */
        public BinderyFilter build() {
            return new BinderyFilter(this);
        }
    }
}
