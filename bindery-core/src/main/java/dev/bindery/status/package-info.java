/**
 * What operators read: {@link dev.bindery.status.BindStatus} per bind (state, lag, pool, counters),
 * {@link dev.bindery.status.PoolStats}, and why client tokens were ignored ({@link dev.bindery.status.TokenRejection}).
 */
package dev.bindery.status;
