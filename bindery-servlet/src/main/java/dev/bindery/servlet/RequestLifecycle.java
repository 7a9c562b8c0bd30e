package dev.bindery.servlet;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The per-request session lifecycle, framework-neutral over the servlet request and response, which the servlet
 * filter and the Javalin plugin both run: {@link #begin} gives a request its {@link RequestSessions} (reading the
 * read-your-writes cookie; no connection is taken), {@link #end} ends them (commit, or roll back on a failure or an
 * error status; always close), sets the bind header and issues the cookie. An adapter calls nothing else.
 */
public final class RequestLifecycle {
    private final LifecycleSettings settings;

    /** A lifecycle with {@code settings}. */
    public RequestLifecycle(LifecycleSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** The settings. */
    public LifecycleSettings settings() {
        return settings;
    }

    /**
     * The sessions of {@code request}.
     *
     * @throws SessionNotOpenException if no lifecycle has begun the request (no plugin or filter handles it)
     */
    public static RequestSessions sessions(ServletRequest request) {
        if (request.getAttribute(RequestSessions.ATTRIBUTE) instanceof RequestSessions s) {
            return s;
        }
        throw SessionNotOpenException.noPlugin();
    }

    /** Whether a lifecycle has begun {@code request} (and so will end it). */
    public static boolean begun(ServletRequest request) {
        return request.getAttribute(RequestSessions.ATTRIBUTE) instanceof RequestSessions;
    }

    /**
     * Begins {@code request}: its sessions object, none opened yet.
     *
     * @param target        the request's bind or region, asked once, when its first session opens
     * @param routeReadOnly the route's own read-only override, asked when a session opens; may answer null for none
     */
    public RequestSessions begin(HttpServletRequest request, Supplier<RequestTarget> target,
                                 Supplier<Boolean> routeReadOnly) {
        ReadYourWritesCookie cookie = settings.cookie();
        ReadYourWritesCookie.Marker marker = cookie == null ? ReadYourWritesCookie.Marker.NONE
                : cookie.read(request, System.currentTimeMillis());
        RequestSessions sessions = new RequestSessions(settings.registry(),
                RequestSessions.isReadOnlyMethod(request.getMethod()), marker.primaryReads(), marker.after(),
                Objects.requireNonNull(target, "target"), Objects.requireNonNull(routeReadOnly, "routeReadOnly"));
        request.setAttribute(RequestSessions.ATTRIBUTE, sessions);
        return sessions;
    }

    /**
     * Ends {@code request}: rolls its sessions back when {@code failed} (the handler threw) or the response's status
     * rolls back under the rule, else commits them; closes them all. Then, while the response is not committed, sets
     * the bind header, and after kept writes issues the read-your-writes cookie. Does nothing for a request that was
     * not begun or has ended.
     *
     * @throws CommitFailedException if a commit failed; the other sessions were rolled back, answer
     *                               {@link CommitFailedException#RESPONSE_BODY} with status 500
     */
    public void end(HttpServletRequest request, HttpServletResponse response, boolean failed) {
        if (!(request.getAttribute(RequestSessions.ATTRIBUTE) instanceof RequestSessions sessions)
                || sessions.finished()) {
            return;
        }
        boolean rollback = failed || settings.rollbackRule().rollsBack(response.getStatus());
        boolean kept;
        try {
            kept = sessions.finish(rollback);
        } finally {
            String header = settings.bindHeader();
            List<String> binds = sessions.servedBy();
            if (header != null && !binds.isEmpty() && !response.isCommitted()) {
                response.setHeader(header, String.join(",", binds));
            }
        }
        ReadYourWritesCookie cookie = settings.cookie();
        if (kept && cookie != null && !response.isCommitted()) {
            cookie.issue(request, response, System.currentTimeMillis(), sessions.committedToken());
        }
    }

    /**
     * Checks at start-up that a handler opening {@code key} on demand is right: {@code where} names the route.
     *
     * @throws UnknownSessionKeyException  if {@code key} is not registered
     * @throws SessionOpenedTwiceException if {@code key} is per request, so every request has its session already
     */
    public void checkOnDemand(String key, String where) {
        if (settings.availability(key) == SessionAvailability.PER_REQUEST) {
            throw SessionOpenedTwiceException.perRequestKey(key, where);
        }
    }
}
