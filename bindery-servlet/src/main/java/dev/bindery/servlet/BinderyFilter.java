package dev.bindery.servlet;

import dev.bindery.hibernate.RoutingSession;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Function;

/**
 * The per-request session lifecycle ({@link RequestLifecycle}) as a Jakarta Servlet {@link Filter}, for Jetty, Tomcat
 * or Undertow without Javalin: sessions open lazily per key ({@link #session(ServletRequest, String)}), commit when the
 * chain returns with a status below the rollback rule's threshold, roll back on an exception or an error status, and
 * always close. GET, HEAD and OPTIONS open read-only sessions. Its builder has every option of the Javalin plugin
 * ({@link LifecycleSettings.Options}).
 * <p>
 * A servlet may commit the response before the filter ends the sessions (by flushing a large body); then the bind
 * header and the read-your-writes cookie cannot be added, and a failed commit can no longer change the status.
 */
public final class BinderyFilter implements Filter {
    private static final Logger LOG = LoggerFactory.getLogger("dev.bindery.servlet");
    private final RequestLifecycle lifecycle;
    private final Function<HttpServletRequest, RequestTarget> resolver;

    private BinderyFilter(Builder b) {
        this.lifecycle = new RequestLifecycle(b.settings());
        this.resolver = b.resolver;
    }

    /** A builder; register at least one database. */
    public static Builder builder() {
        return new Builder();
    }

    /** The filter's settings. */
    public LifecycleSettings settings() {
        return lifecycle.settings();
    }

    /** The request's session of key {@code "db"}; see {@link #session(ServletRequest, String)}. */
    public static RoutingSession session(ServletRequest request) {
        return session(request, LifecycleSettings.DEFAULT_KEY);
    }

    /**
     * The request's session of {@code key}, opened now if this is its first use.
     *
     * @throws UnknownSessionKeyException     if {@code key} was never registered
     * @throws SessionNotOpenException        if the filter does not handle this request, or {@code key} is on demand
     *                                        and {@link #openOnDemand} was not called
     * @throws RequestTargetNotFoundException if the resolver names a bind that does not exist (the filter answers 404)
     */
    public static RoutingSession session(ServletRequest request, String key) {
        return RequestLifecycle.sessions(request).session(key);
    }

    /**
     * Makes the session of on-demand {@code key} available to the rest of this request, as {@code Bindery.withSession}
     * does in Javalin.
     *
     * @throws SessionOpenedTwiceException if {@code key} is per request, or was opened already in this request
     */
    public static void openOnDemand(ServletRequest request, String key) {
        RequestLifecycle.sessions(request).openOnDemand(key, "the servlet of " + describe(request));
    }

    /** Makes this request's sessions opened from now on read-only, whatever the method (a POST search). */
    public static void readOnly(ServletRequest request) {
        RequestLifecycle.sessions(request).overrideReadOnly(true);
    }

    /** Makes this request's sessions opened from now on read-write, whatever the method (a GET that writes). */
    public static void readWrite(ServletRequest request) {
        RequestLifecycle.sessions(request).overrideReadOnly(false);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest req) || !(response instanceof HttpServletResponse res)
                || RequestLifecycle.begun(req)) {
            chain.doFilter(request, response);
            return;
        }
        lifecycle.begin(req, () -> resolver.apply(req), () -> null);
        boolean failed = true;
        try {
            chain.doFilter(request, response);
            failed = false;
        } catch (RequestTargetNotFoundException e) {
            LOG.info("{}: {}", describe(req), e.getMessage());
            answer(res, 404, RequestTargetNotFoundException.RESPONSE_BODY);
        } catch (ServletException e) {
            if (!(e.getRootCause() instanceof RequestTargetNotFoundException notFound)) {
                throw e;
            }
            LOG.info("{}: {}", describe(req), notFound.getMessage());
            answer(res, 404, RequestTargetNotFoundException.RESPONSE_BODY);
        } finally {
            try {
                lifecycle.end(req, res, failed);
            } catch (CommitFailedException e) {
                LOG.error("{}: {}", describe(req), e.getMessage(), e);
                answer(res, 500, CommitFailedException.RESPONSE_BODY);
            }
        }
    }

    private static void answer(HttpServletResponse res, int status, String body) throws IOException {
        if (res.isCommitted()) {
            return;
        }
        res.reset();
        res.setStatus(status);
        res.setContentType("application/json");
        res.setCharacterEncoding(StandardCharsets.UTF_8.name());
        res.getWriter().write(body);
    }

    private static String describe(ServletRequest request) {
        return request instanceof HttpServletRequest r ? r.getMethod() + " " + r.getRequestURI() : "the request";
    }

    /** Configures a {@link BinderyFilter}: the lifecycle's options ({@link LifecycleSettings.Options}) and a resolver. */
    public static final class Builder extends LifecycleSettings.Options<Builder> {
        private Function<HttpServletRequest, RequestTarget> resolver = r -> RequestTarget.NONE;

        private Builder() {
        }

        /** Picks a bind or region per request, from the servlet request; asked when the request's first session opens. */
        public Builder resolver(Function<HttpServletRequest, RequestTarget> resolver) {
            this.resolver = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        /** The filter. */
        public BinderyFilter build() {
            return new BinderyFilter(this);
        }
    }
}
