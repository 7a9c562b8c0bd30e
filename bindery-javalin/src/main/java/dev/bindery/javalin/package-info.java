/**
 * Per-request sessions for Javalin 7, a thin adapter over bindery-servlet's request lifecycle:
 * {@link dev.bindery.javalin.BinderyPlugin}, {@link dev.bindery.javalin.Bindery} for handlers, views
 * ({@link dev.bindery.javalin.SessionView}, {@link dev.bindery.javalin.CrudView}) and request resolvers.
 */
package dev.bindery.javalin;
