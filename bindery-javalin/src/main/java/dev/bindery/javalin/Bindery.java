package dev.bindery.javalin;

import dev.bindery.spi.Route;
import dev.bindery.hibernate.RoutingSession;
import dev.bindery.javalin.internal.IntentOverrideHandler;
import dev.bindery.javalin.internal.WithSessionHandler;
import dev.bindery.servlet.RequestLifecycle;
import dev.bindery.servlet.RequestSessions;
import dev.bindery.servlet.RequestTargetNotFoundException;
import dev.bindery.servlet.SessionNotOpenException;
import dev.bindery.servlet.SessionOpenedTwiceException;
import dev.bindery.servlet.UnknownSessionKeyException;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.util.List;
import java.util.Objects;

/**
 * What handlers use: the request's sessions by key, and handler wrappers. Sessions open on first use and are ended
 * by the plugin when the request ends; do not commit or close them yourself. A request's sessions are not thread-safe:
 * use them from one thread at a time (an async handler's task may use them, the request's thread meanwhile not).
 */
public final class Bindery {
    private Bindery() {
    }

    /**
     * The request's session of key {@code "db"}.
     *
     * @throws UnknownSessionKeyException if no database is registered under "db"
     * @throws SessionNotOpenException    if no Bindery plugin handles the request
     */
    public static RoutingSession session(Context ctx) {
        return session(ctx, BinderyPlugin.DEFAULT_KEY);
    }

    /**
     * The request's session of {@code key}, opened now if this is its first use.
     *
     * @throws UnknownSessionKeyException     if {@code key} was never registered (the message lists the registered keys)
     * @throws SessionNotOpenException        if {@code key} is on demand and this handler did not open it
     * @throws RequestTargetNotFoundException if the resolver names a bind that does not exist (the plugin answers 404)
     */
    public static RoutingSession session(Context ctx, String key) {
        return sessions(ctx).session(key);
    }

    /**
     * The sessions of the request {@code ctx}, with what they did so far.
     *
     * @throws SessionNotOpenException if no Bindery plugin handles the request
     */
    public static RequestSessions sessions(Context ctx) {
        return RequestLifecycle.sessions(ctx.req());
    }

    /**
     * Wraps {@code handler} so that it may use the session of on-demand {@code key} (aiohttp-sqlalchemy's
     * {@code sa_decorator}). Wrapping a per-request key raises {@link SessionOpenedTwiceException} at start-up, or on
     * the request when the wrapper is hidden inside another handler.
     */
    public static Handler withSession(String key, Handler handler) {
        return new WithSessionHandler(Objects.requireNonNull(key, "key"), Objects.requireNonNull(handler, "handler"));
    }

    /** Wraps {@code handler} so that its request's sessions are read-write, whatever the method (a GET that writes). */
    public static Handler readWrite(Handler handler) {
        return new IntentOverrideHandler(RequestIntent.READ_WRITE, Objects.requireNonNull(handler, "handler"));
    }

    /** Wraps {@code handler} so that its request's sessions are read-only, whatever the method (a POST search). */
    public static Handler readOnly(Handler handler) {
        return new IntentOverrideHandler(RequestIntent.READ_ONLY, Objects.requireNonNull(handler, "handler"));
    }

    /** Every route decided so far by the request's sessions. */
    public static List<Route> routes(Context ctx) {
        return sessions(ctx).routes();
    }

    /** The distinct binds that served the request so far, in the order first used. */
    public static List<String> servedBy(Context ctx) {
        return sessions(ctx).servedBy();
    }

    /** Whether the request's session of {@code key} has been opened. */
    public static boolean isOpen(Context ctx, String key) {
        return sessions(ctx).isOpen(key);
    }

    /** Whether this request reads from the primary because its client wrote within the read-your-writes window. */
    public static boolean readsFromPrimary(Context ctx) {
        return sessions(ctx).primaryReads();
    }
}
