package dev.bindery.hibernate.internal;

import org.hibernate.collection.spi.PersistentCollection;
import org.hibernate.engine.spi.CollectionEntry;
import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.engine.spi.PersistenceContext;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.engine.spi.Status;
import org.hibernate.persister.entity.EntityPersister;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds what changed in a Hibernate session without flushing it: the managed entities whose attributes differ from
 * their loaded snapshot, and the collections changed in place. This is how Bindery notices changes to entities that
 * Hibernate must not write itself (loaded from a replica, or held by a read-only session).
 */
final class ChangeScanner {
    private ChangeScanner() {
    }

    static List<EntityChange> changedEntities(SessionImplementor session) {
        PersistenceContext pc = session.getPersistenceContextInternal();
        List<EntityChange> out = null;
        for (Map.Entry<Object, EntityEntry> e : pc.reentrantSafeEntityEntries()) {
            EntityEntry entry = e.getValue();
            if (entry.getStatus() != Status.MANAGED || entry.getLoadedState() == null) {
                continue;
            }
            EntityPersister p = entry.getPersister();
            if (!p.isMutable()) {
                continue;
            }
            Object entity = e.getKey();
            Object[] current = p.getValues(entity);
            int[] dirty = p.findDirty(current, entry.getLoadedState(), entity, session);
            if (dirty != null && dirty.length > 0) {
                if (out == null) {
                    out = new ArrayList<>();
                }
                out.add(new EntityChange(entity, entry, p, dirty, current));
            }
        }
        return out == null ? List.of() : out;
    }

    /** The roles and owners of collections changed in place (added to, removed from), described for a message. */
    static List<String> changedCollections(SessionImplementor session) {
        List<String> out = new ArrayList<>();
        session.getPersistenceContextInternal().forEachCollectionEntry((PersistentCollection<?> c, CollectionEntry ce) -> {
            if (c.isDirty()) {
                String role = c.getRole() != null ? c.getRole() : ce.getRole();
                out.add(shortRole(role) + " of #" + ce.getLoadedKey());
            }
        }, false);
        return out;
    }

    private static String shortRole(String role) {
        if (role == null) {
            return "a collection";
        }
        int dot = role.lastIndexOf('.', role.lastIndexOf('.') - 1);
        return dot < 0 ? role : role.substring(dot + 1);
    }
}
