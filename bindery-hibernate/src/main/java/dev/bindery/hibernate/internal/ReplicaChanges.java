package dev.bindery.hibernate.internal;

import dev.bindery.hibernate.ReadOnlySessionException;
import dev.bindery.hibernate.ReplicaEntityModifiedException;
import jakarta.persistence.LockModeType;
import jakarta.persistence.OptimisticLockException;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.type.Type;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Changes to entities that Hibernate must not write where they were loaded: entities loaded from a replica or
 * read-only bind are written to their group's primary (changed attributes only, onto a fresh locked copy, checking
 * {@code @Version}) or refused with {@link ReplicaEntityModifiedException}; in a read-only session every change is
 * refused with {@link ReadOnlySessionException}. They are never silently dropped.
 */
final class ReplicaChanges {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaChanges.class);

    /** Where the writes go: the session of a group's primary, routed as a write and opened if needed. */
    interface Primaries {
        BindSession writeSessionOf(String group);
    }

    private ReplicaChanges() {
    }

    /** Refuses any change held by {@code open}, the bind sessions of a read-only routing session. */
    static void refuseInReadOnlySession(List<BindSession> open) {
        for (BindSession bs : open) {
            SessionImplementor si = bs.session.unwrap(SessionImplementor.class);
            List<String> changes = new ArrayList<>();
            for (EntityChange c : ChangeScanner.changedEntities(si)) {
                changes.add(c.describe());
            }
            changes.addAll(ChangeScanner.changedCollections(si));
            if (!changes.isEmpty()) {
                throw new ReadOnlySessionException("Refused to flush changes in a read-only session: " + changes
                        + ", loaded from bind '" + bs.key() + "'. Nothing was sent. A read-only session never writes: load "
                        + "the entity in a read-write session (db.openSession()) to change it, or detach it.");
            }
        }
    }

    /**
     * Writes the changed attributes of entities loaded through the read-only binds among {@code open} onto fresh,
     * locked copies in the primary sessions, so a stale replica copy never overwrites newer columns. Returns what to
     * do once the primaries have flushed (the replica copies take the written state as their loaded state).
     */
    static List<Runnable> writeToPrimaries(List<BindSession> open, boolean readOnlySession, Primaries primaries) {
        List<Runnable> after = null;
        for (BindSession bs : open) {
            if (!bs.readOnlyBind) {
                continue;
            }
            SessionImplementor si = bs.session.unwrap(SessionImplementor.class);
            List<String> collections = ChangeScanner.changedCollections(si);
            if (!collections.isEmpty()) {
                throw new ReplicaEntityModifiedException("Collections " + collections + " were changed on entities loaded "
                        + "from replica '" + bs.key() + "'. Bindery writes only changed attributes of replica-loaded entities "
                        + "and cannot merge collection changes safely, so nothing was written. Load the entity for writing: "
                        + "find(Entity.class, id, LockModeType.PESSIMISTIC_WRITE), or inside db.inTransaction(...).");
            }
            for (EntityChange c : ChangeScanner.changedEntities(si)) {
                if (after == null) {
                    after = new ArrayList<>();
                }
                after.add(writeToPrimary(bs, c, readOnlySession, primaries));
            }
        }
        return after == null ? List.of() : after;
    }

    private static Runnable writeToPrimary(BindSession replica, EntityChange c, boolean readOnlySession, Primaries primaries) {
        EntityPersister p = c.persister();
        Type[] types = p.getPropertyTypes();
        for (int i : c.dirty()) {
            if (types[i].isCollectionType()) {
                throw new ReplicaEntityModifiedException(c.describe() + " was loaded from replica '" + replica.key()
                        + "' and its collection '" + p.getPropertyNames()[i] + "' was replaced. Bindery cannot merge "
                        + "collection changes safely, so nothing was written. Load the entity for writing: find("
                        + p.getMappedClass().getSimpleName() + ".class, id, LockModeType.PESSIMISTIC_WRITE).");
            }
        }
        if (readOnlySession) {
            throw new ReadOnlySessionException("Refused changes to " + c.describe() + " in a read-only session.");
        }
        // the write of a replica-loaded change goes to the group's primary even when the session points at the replica
        BindSession primary = primaries.writeSessionOf(replica.group());
        Object id = c.entry().getId();
        Object target = primary.session.find(p.getMappedClass(), id, LockModeType.PESSIMISTIC_WRITE);
        if (target == null) {
            throw new ReplicaEntityModifiedException(c.describe() + " was loaded from replica '" + replica.key()
                    + "' and changed, but the row no longer exists on the primary '" + primary.key() + "'. Nothing was "
                    + "written. Reload it from the primary (find inside db.inTransaction(...)) and decide what to do.");
        }
        int versionIndex = p.isVersioned() ? p.getVersionPropertyIndex() : -1;
        if (versionIndex >= 0) {
            Object primaryVersion = p.getVersion(target);
            if (!Objects.equals(primaryVersion, c.entry().getVersion())) {
                throw new OptimisticLockException(c.describe() + " was loaded from replica '" + replica.key()
                        + "' at version " + c.entry().getVersion() + ", but the primary '" + primary.key() + "' has version "
                        + primaryVersion + ": someone changed it meanwhile. Nothing was written; reload and retry.",
                        null, c.entity());
            }
        }
        SessionFactoryImplementor sfi = primary.session.getSessionFactory().unwrap(SessionFactoryImplementor.class);
        for (int i : c.dirty()) {
            if (i != versionIndex) {
                p.setValue(target, i, types[i].deepCopy(c.current()[i], sfi));
            }
        }
        LOG.debug("Wrote changed attributes of {} from replica '{}' to primary '{}'", c.describe(), replica.key(), primary.key());
        return () -> {
            Object[] state = p.getValues(c.entity());
            for (int i = 0; i < state.length; i++) {
                state[i] = types[i].deepCopy(state[i], sfi);
            }
            c.entry().postUpdate(c.entity(), state, versionIndex >= 0 ? p.getVersion(target) : null);
        };
    }
}
