/**
 * What applications use: {@link dev.bindery.Binds} (named databases and their pools), {@link dev.bindery.BindContext}
 * (scoped routing overrides that follow work across threads), {@link dev.bindery.RoutingDataSource},
 * {@link dev.bindery.CausalToken} and {@link dev.bindery.ClientTokens}, and the exceptions: every one extends
 * {@link dev.bindery.BinderyException} through one of its four families.
 */
package dev.bindery;
