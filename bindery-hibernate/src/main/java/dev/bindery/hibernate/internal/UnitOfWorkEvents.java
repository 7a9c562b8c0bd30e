package dev.bindery.hibernate.internal;

import org.hibernate.SessionEventListener;

/**
 * Tells a session's {@link UnitOfWork} when Hibernate takes and gives back its connection. Hibernate makes one per
 * session (the {@code hibernate.session.events.auto} setting of Bindery's factories); the session's unit of work is
 * the one {@link RoutedSessionFactory} is opening on this thread, or none for a session opened around Bindery (its work
 * then goes to the group's primary).
 */
public final class UnitOfWorkEvents implements SessionEventListener {
    private static final long serialVersionUID = 1L;
    private static final ThreadLocal<UnitOfWork[]> OPENING = ThreadLocal.withInitial(() -> new UnitOfWork[1]);

    private final transient UnitOfWork work;

    public UnitOfWorkEvents() {
        UnitOfWork[] opening = OPENING.get();
        this.work = opening[0];
        opening[0] = null;
    }

    static void opening(UnitOfWork work) {
        OPENING.get()[0] = work;
    }

    @Override
    public void jdbcConnectionAcquisitionStart() {
        if (work != null) {
            work.acquiring();
        }
    }

    @Override
    public void jdbcConnectionAcquisitionEnd() {
        if (work != null) {
            work.acquired();
        }
    }

    @Override
    public void jdbcConnectionReleaseEnd() {
        if (work != null) {
            work.released();
        }
    }

    @Override
    public void transactionCompletion(boolean successful) {
        if (work != null) {
            work.transactionCompleted();
        }
    }
}
