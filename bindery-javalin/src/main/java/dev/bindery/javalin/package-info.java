/**
 * Per-request sessions for Javalin 7 and servlet containers: {@link dev.bindery.javalin.BinderyPlugin},
 * {@link dev.bindery.javalin.Bindery} for handlers, views ({@link dev.bindery.javalin.SessionView},
 * {@link dev.bindery.javalin.CrudView}), request resolvers, and {@link dev.bindery.javalin.BinderyFilter}.
 */
package dev.bindery.javalin;
