package dev.bindery.javalin.internal;

import dev.bindery.javalin.DuplicateRequestKeyException;
import dev.bindery.javalin.RequestResolver;
import dev.bindery.javalin.SessionAccess;
import dev.bindery.javalin.SessionMode;
import dev.bindery.javalin.SessionNotOpenException;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import io.javalin.http.servlet.JavalinServletContext;
import io.javalin.router.ParsedEndpoint;
import io.javalin.security.RouteRole;

import java.util.List;

/**
 * The per-request lifecycle in Javalin: a before-handler gives each request its {@link RequestSessions} (no connection
 * is taken), an after-handler ends them (commit, or roll back on an exception or an error status; always close), sets
 * the bind header and the read-your-writes cookie.
 */
public final class JavalinLifecycle {
    private final Registry registry;
    private final LifecycleSettings settings;
    private final RequestResolver resolver;

    public JavalinLifecycle(Registry registry, LifecycleSettings settings, RequestResolver resolver) {
        this.registry = registry;
        this.settings = settings;
        this.resolver = resolver;
    }

    /** The sessions of the request {@code ctx}; raises {@link SessionNotOpenException} outside a Bindery request. */
    public static RequestSessions sessions(Context ctx) {
        RequestSessions s = ctx.attribute(RequestSessions.ATTRIBUTE);
        if (s == null) {
            throw SessionNotOpenException.noPlugin();
        }
        return s;
    }

    /** Before every request: its sessions, none opened yet. */
    public void before(Context ctx) {
        ReadYourWritesCookie ryw = settings.readYourWrites();
        String marker = ryw == null ? null : ctx.cookie(ryw.name());
        boolean primaryReads = ryw != null && ryw.readsFromPrimary(marker, System.currentTimeMillis());
        ctx.attribute(RequestSessions.ATTRIBUTE, new RequestSessions(registry,
                RequestSessions.isReadOnlyMethod(ctx.method().name()), primaryReads, ryw == null ? null : ryw.tokenOf(marker),
                () -> resolver.resolve(ctx), () -> accessFromRoles(ctx)));
    }

    /** After every request: end its sessions, then tell the client which binds served it and whether it wrote. */
    public void after(Context ctx) {
        RequestSessions s = ctx.attribute(RequestSessions.ATTRIBUTE);
        if (s == null || s.finished()) {
            return;
        }
        boolean rollback = exceptionOccurred(ctx) || settings.rollbackRule().rollsBack(ctx.statusCode());
        boolean kept = false;
        try {
            kept = s.finish(rollback);
        } finally {
            if (settings.bindHeader() != null) {
                List<String> binds = s.servedBy();
                if (!binds.isEmpty()) {
                    ctx.header(settings.bindHeader(), String.join(",", binds));
                }
            }
        }
        ReadYourWritesCookie ryw = settings.readYourWrites();
        if (kept && ryw != null) {
            Cookie cookie = new Cookie(ryw.name(), ryw.issue(System.currentTimeMillis(), s.committedToken()), "/", ryw.maxAgeSeconds(),
                    false, true, null, SameSite.LAX);
            ctx.cookie(cookie);
        }
    }

    /**
     * Throws at start-up when a route's handler is {@code Bindery.withSession} around a key that is not registered
     * ({@link dev.bindery.javalin.UnknownSessionKeyException}) or is registered per request
     * ({@link DuplicateRequestKeyException}).
     */
    public void checkRoutes(List<ParsedEndpoint> endpoints) {
        for (ParsedEndpoint pe : endpoints) {
            if (pe.endpoint.handler instanceof WithSessionHandler w
                    && registry.get(w.key()).mode() == SessionMode.PER_REQUEST) {
                throw DuplicateRequestKeyException.perRequestKey(w.key(),
                        "route " + pe.endpoint.method + " " + pe.endpoint.path);
            }
        }
    }

    private static SessionAccess accessFromRoles(Context ctx) {
        for (RouteRole r : ctx.routeRoles()) {
            if (r instanceof SessionAccess a) {
                return a;
            }
        }
        return null;
    }

    private static boolean exceptionOccurred(Context ctx) {
        return ctx instanceof JavalinServletContext j && j.getExceptionOccurred();
    }
}
