/** Implementation of bindery-spring; not API. */
package dev.bindery.spring.internal;
