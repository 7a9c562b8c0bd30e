/**
 * Bindery's public core: {@link dev.bindery.Binds} (named databases and their pools), {@link dev.bindery.BindContext}
 * (scoped routing overrides that follow work across threads), {@link dev.bindery.spi.Router} (the one routing rule) and
 * {@link dev.bindery.RoutingDataSource}. Every exception extends {@link dev.bindery.BinderyException}.
 */
package dev.bindery;
