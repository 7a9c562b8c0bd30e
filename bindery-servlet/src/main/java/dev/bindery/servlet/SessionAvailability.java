package dev.bindery.javalin;

/**
 * When the session of a request key is available: for every request, or only in handlers that ask for it with
 * {@link Bindery#withSession(String, io.javalin.http.Handler)}. Either way it opens lazily, on first use.
 */
public enum SessionMode {
    /** Every request may use the key's session (aiohttp-sqlalchemy's middleware on). The default. */
    PER_REQUEST,
    /** Only handlers wrapped by {@link Bindery#withSession} may use it (the middleware off, the decorator on). */
    ON_DEMAND
}
