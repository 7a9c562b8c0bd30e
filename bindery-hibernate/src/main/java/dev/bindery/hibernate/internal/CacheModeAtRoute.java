package dev.bindery.hibernate.internal;

import dev.bindery.spi.Route;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

/**
 * The place where the second-level cache follows routing: {@link #opened} when a standard session opens (its work may
 * be read-only already: {@link UnitOfWork#isReadOnly()}), and {@link #routed} each time its unit of work is routed,
 * before the connection is taken. Cache settings and modes are the second-level-cache work's (docs/second-level-cache.md);
 * today neither step changes the session.
 */
final class CacheModeAtRoute {
    private CacheModeAtRoute() {
    }

    static void opened(SharedSessionContractImplementor session, UnitOfWork work) {
        // no cache mode is set yet
    }

    static void routed(SharedSessionContractImplementor session, Route route, UnitOfWork work) {
        // no cache mode is set yet
    }
}
