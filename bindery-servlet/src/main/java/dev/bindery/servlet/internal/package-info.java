/**
 * Implementation of the per-request session lifecycle: the registry of request keys and the read-your-writes cookie.
 * Not API: do not import these classes; they change without notice.
 */
package dev.bindery.servlet.internal;
