/**
 * Implementation of bindery-test: unpacking the PostgreSQL binaries, running the server processes, cleaning up after
 * dead JVMs, and the JUnit extensions. Not API: do not import these classes.
 */
package dev.bindery.test.internal;
