package dev.bindery.hibernate.internal;

import dev.bindery.spi.Route;
import org.hibernate.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Hibernate session a routing session holds for one bind, the route that opened it, and whether it has a
 * transaction open there. Kept to 24 bytes: a routing session of one operation allocates one of these and nothing else
 * of its own beyond itself.
 */
final class BindSession {
    private static final Logger LOG = LoggerFactory.getLogger(BindSession.class);

    /** The route that opened this session; for {@code unwrap(key)} a synthetic one that {@link #routed} says to skip. */
    final Route opener;
    final Session session;
    /** The session's unit of work (pinned to {@link #opener}): it says whether a statement that writes was sent. */
    final UnitOfWork work;
    final boolean readOnlyBind;
    /** Whether {@link #opener} came from the router (and so belongs in the session's route list). */
    final boolean routed;
    private boolean transactionOpen;

    BindSession(Route opener, boolean routed, boolean readOnlyBind, UnitOfWork work) {
        this.opener = opener;
        this.work = work;
        this.routed = routed;
        this.readOnlyBind = readOnlyBind;
        this.session = (Session) work.session();
    }

    String key() {
        return opener.bind();
    }

    String group() {
        return opener.group();
    }

    boolean inTransaction() {
        return transactionOpen;
    }

    /** Begins a transaction on this bind unless one is open; returns whether it began one. */
    boolean begin() {
        if (transactionOpen) {
            return false;
        }
        try {
            session.beginTransaction();
        } catch (RuntimeException e) {
            throw work.writeFailed(opener, e, false);
        }
        transactionOpen = true;
        return true;
    }

    /**
     * Flushes this bind's session. A write cut by a promotion or switchover of its primary throws the router's
     * retryable {@link dev.bindery.PrimaryChangedException} (the Hibernate exception its cause) instead.
     */
    void flush() {
        try {
            session.flush();
        } catch (RuntimeException e) {
            throw work.writeFailed(opener, e, false);
        }
    }

    /** Commits this bind's transaction; it is over either way. A commit cut by a primary change: as {@link #flush}. */
    void commit() {
        transactionOpen = false;
        try {
            session.getTransaction().commit();
        } catch (RuntimeException e) {
            throw work.writeFailed(opener, e, true);
        }
    }

    /** Rolls back this bind's transaction if one is active, logging (not throwing) a failure. */
    void rollbackQuietly() {
        transactionOpen = false;
        try {
            if (session.isOpen() && session.getTransaction().isActive()) {
                session.getTransaction().rollback();
            }
        } catch (RuntimeException e) {
            LOG.warn("Rollback of bind '{}' failed: {}", key(), e.toString());
        }
    }

    /** Detaches every entity, logging (not throwing) a failure. */
    void clearQuietly() {
        try {
            session.clear();
        } catch (RuntimeException e) {
            LOG.debug("Could not clear the session of bind '{}'", key(), e);
        }
    }

    /** Closes the Hibernate session, adding a failure to {@code failure}; returns the first failure. */
    RuntimeException close(RuntimeException failure) {
        try {
            session.close();
        } catch (RuntimeException e) {
            if (failure == null) {
                return e;
            }
            failure.addSuppressed(e);
        }
        return failure;
    }

    @Override
    public String toString() {
        return "BindSession[" + key() + (transactionOpen ? ", in transaction" : "") + "]";
    }
}
