/**
 * The Javalin adapter of bindery-servlet's request lifecycle: before- and after-handlers and handler wrappers. Not
 * API: do not import these classes; they change without notice.
 */
package dev.bindery.javalin.internal;
