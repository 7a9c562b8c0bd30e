package dev.bindery.javalin;

import io.javalin.security.RouteRole;

/**
 * What a route's sessions may do, overriding the rule by method (GET, HEAD and OPTIONS read-only; other methods
 * read-write), as SQL Server's {@code ApplicationIntent} tells a read-only request from a read-write one. Give it as a
 * route role, {@code cfg.routes.get("/report", handler, RequestIntent.READ_WRITE)}, or wrap the handler with
 * {@link Bindery#readWrite} / {@link Bindery#readOnly}.
 */
public enum RequestIntent implements RouteRole {
    /** The route's sessions are read-only: reads go to replicas, a write is refused before any SQL. */
    READ_ONLY,
    /** The route's sessions are read-write: work goes to the primary. */
    READ_WRITE
}
