package dev.bindery.hibernate.internal;

import dev.bindery.spi.Route;
import org.hibernate.Session;

/**
 * The Hibernate session a routing session holds for one bind, the route that opened it, and whether it has a
 * transaction open there. Kept to 24 bytes: a routing session of one operation allocates one of these and nothing else
 * of its own beyond itself.
 */
final class BindSession {
    /** The route that opened this session; for {@code unwrap(key)} a synthetic one that {@link #routed} says to skip. */
    final Route opener;
    final Session session;
    final boolean readOnlyBind;
    /** Whether {@link #opener} came from the router (and so belongs in the session's route list). */
    final boolean routed;
    boolean transactionOpen;

    BindSession(Route opener, boolean routed, boolean readOnlyBind, Session session) {
        this.opener = opener;
        this.routed = routed;
        this.readOnlyBind = readOnlyBind;
        this.session = session;
    }

    String key() {
        return opener.bind();
    }

    String group() {
        return opener.group();
    }

    @Override
    public String toString() {
        return "BindSession[" + key() + (transactionOpen ? ", in transaction" : "") + "]";
    }
}
