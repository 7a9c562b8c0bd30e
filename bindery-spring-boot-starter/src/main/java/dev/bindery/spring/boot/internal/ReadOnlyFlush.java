package dev.bindery.spring.boot.internal;

import jakarta.persistence.EntityManagerFactory;
import org.hibernate.Session;
import org.springframework.orm.jpa.EntityManagerHolder;
import org.springframework.transaction.TransactionExecution;
import org.springframework.transaction.TransactionExecutionListener;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.function.Supplier;

/**
 * No silent loss in {@code @Transactional(readOnly = true)}: Spring runs read-only transactions with Hibernate's flush
 * mode manual, so a managed entity changed there would be dropped at commit without a word. Right before such a
 * transaction of one factory commits, its session is flushed when it holds changes: each change then reaches core's
 * router like any write (refused before any SQL on a replica, written on a primary), and a refusal reaches the caller
 * as it is. Spring Boot adds it to the transaction manager it configures; each group's manager has its own.
 */
public final class ReadOnlyFlush implements TransactionExecutionListener {
    private final Supplier<EntityManagerFactory> factory;
    private volatile EntityManagerFactory resolved;

    /**
     * @param factory the factory whose transactions this listens to ({@code null} from it: none yet), asked until it
     *                gives one, which is then kept (a bean lookup per commit cost about 1.4 KB)
     */
    public ReadOnlyFlush(Supplier<EntityManagerFactory> factory) {
        this.factory = factory;
    }

    @Override
    public void beforeCommit(TransactionExecution transaction) {
        EntityManagerFactory f = transaction.isReadOnly() ? factory() : null;
        if (f != null && TransactionSynchronizationManager.getResource(f) instanceof EntityManagerHolder holder
                && holder.getEntityManager().isOpen()) {
            Session session = holder.getEntityManager().unwrap(Session.class);
            if (session.isDirty()) {
                session.flush();
            }
        }
    }

    private EntityManagerFactory factory() {
        EntityManagerFactory f = resolved;
        if (f == null) {
            f = factory.get();
            resolved = f;
        }
        return f;
    }
}
