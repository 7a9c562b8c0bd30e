package dev.bindery.servlet;

/**
 * When the session of a request key is available: to every request, or only to the handlers that ask for it
 * ({@code Bindery.withSession} in Javalin, {@link BinderyFilter#openOnDemand} in a servlet). Either way it opens lazily,
 * on first use.
 */
public enum SessionAvailability {
    /** Every request may use the key's session (aiohttp-sqlalchemy's middleware on). The default. */
    PER_REQUEST,
    /** Only handlers that open it may use it (aiohttp-sqlalchemy's middleware off, its decorator on). */
    ON_DEMAND
}
