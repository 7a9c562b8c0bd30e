/**
 * Implementation of the per-request session lifecycle shared by the Javalin plugin and the servlet filter. Not API:
 * do not import these classes; they change without notice.
 */
package dev.bindery.javalin.internal;
