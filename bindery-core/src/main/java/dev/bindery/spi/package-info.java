/**
 * What Bindery's modules (and yours) use to ask for routes: {@link dev.bindery.spi.Router}, the one routing rule,
 * with {@link dev.bindery.spi.RouteRequest} in and {@link dev.bindery.spi.Route} out, the one retry mechanism
 * ({@link dev.bindery.spi.RetriedRead}), the one failure classifier ({@link dev.bindery.spi.FailureKind}), and the
 * listeners that see every route and refusal.
 */
package dev.bindery.spi;
