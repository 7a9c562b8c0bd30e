/**
 * Implementation detail of bindery-core. Not API: it may change in any release; do not import it.
 */
package dev.bindery.internal;
