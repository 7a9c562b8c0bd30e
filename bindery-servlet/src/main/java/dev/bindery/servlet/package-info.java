/**
 * The per-request session lifecycle of Bindery, framework-neutral over the Jakarta Servlet API:
 * {@link dev.bindery.servlet.RequestLifecycle} with its one settings type
 * {@link dev.bindery.servlet.LifecycleSettings}, the request's {@link dev.bindery.servlet.RequestSessions}, and
 * {@link dev.bindery.servlet.BinderyFilter}, which runs the lifecycle in any servlet container. The Javalin plugin of
 * bindery-javalin is a thin adapter over the same lifecycle.
 */
package dev.bindery.servlet;
