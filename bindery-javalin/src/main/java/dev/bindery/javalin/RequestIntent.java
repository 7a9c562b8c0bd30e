package dev.bindery.javalin;

import io.javalin.security.RouteRole;

/**
 * Per-route override of the read-only rule (GET, HEAD and OPTIONS read-only; other methods read-write). Give it as a
 * route role, {@code cfg.routes.get("/report", handler, SessionAccess.READ_WRITE)}, or wrap the handler with
 * {@link Bindery#readWrite} / {@link Bindery#readOnly}.
 */
public enum SessionAccess implements RouteRole {
    /** The route's sessions are read-only: reads go to replicas, a write is refused before any SQL. */
    READ_ONLY,
    /** The route's sessions are read-write: work goes to the primary. */
    READ_WRITE
}
