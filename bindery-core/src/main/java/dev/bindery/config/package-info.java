/**
 * Configuration values: the bind options ({@link dev.bindery.config.BindOption}, the source of the README's option
 * table), balancers, the replica fallback and isolation levels.
 */
package dev.bindery.config;
