package dev.bindery.javalin.internal;

import dev.bindery.javalin.RequestIntent;
import dev.bindery.javalin.RequestResolver;
import dev.bindery.servlet.RequestLifecycle;
import io.javalin.http.Context;
import io.javalin.http.servlet.JavalinServletContext;
import io.javalin.router.ParsedEndpoint;
import io.javalin.security.RouteRole;

import java.util.List;

/**
 * The Javalin adapter of {@link RequestLifecycle}: a before-handler begins each request, an after-handler ends it.
 * Everything else (cookie, sessions, commit, bind header) is the lifecycle's; this class only translates Javalin's
 * context: the resolver, the route roles, and whether a handler threw.
 */
public final class JavalinLifecycle {
    private final RequestLifecycle lifecycle;
    private final RequestResolver resolver;

    public JavalinLifecycle(RequestLifecycle lifecycle, RequestResolver resolver) {
        this.lifecycle = lifecycle;
        this.resolver = resolver;
    }

    /** Before every request: its sessions, none opened yet. */
    public void before(Context ctx) {
        lifecycle.begin(ctx.req(), () -> resolver.resolve(ctx), () -> readOnlyFromRoles(ctx));
    }

    /** After every request: end its sessions, then tell the client which binds served it and whether it wrote. */
    public void after(Context ctx) {
        lifecycle.end(ctx.req(), ctx.res(), exceptionOccurred(ctx));
    }

    /**
     * Throws at start-up when a route's handler is {@code Bindery.withSession} around a key that is not registered
     * ({@link dev.bindery.servlet.UnknownSessionKeyException}) or is registered per request
     * ({@link dev.bindery.servlet.SessionOpenedTwiceException}).
     */
    public void checkRoutes(List<ParsedEndpoint> endpoints) {
        for (ParsedEndpoint pe : endpoints) {
            if (pe.endpoint.handler instanceof WithSessionHandler w) {
                lifecycle.checkOnDemand(w.key(), "route " + pe.endpoint.method + " " + pe.endpoint.path);
            }
        }
    }

    private static Boolean readOnlyFromRoles(Context ctx) {
        for (RouteRole r : ctx.routeRoles()) {
            if (r instanceof RequestIntent intent) {
                return intent == RequestIntent.READ_ONLY;
            }
        }
        return null;
    }

    private static boolean exceptionOccurred(Context ctx) {
        return ctx instanceof JavalinServletContext j && j.getExceptionOccurred();
    }
}
