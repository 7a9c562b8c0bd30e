package dev.bindery.hibernate.internal;

import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.persister.entity.EntityPersister;

import java.util.StringJoiner;

/** A managed entity whose state differs from what was loaded: which attributes changed, and their new values. */
record EntityChange(Object entity, EntityEntry entry, EntityPersister persister, int[] dirty, Object[] current) {

    String describe() {
        String[] names = persister.getPropertyNames();
        StringJoiner j = new StringJoiner(", ", persister.getEntityName().substring(persister.getEntityName().lastIndexOf('.') + 1)
                + "#" + entry.getId() + " (changed: ", ")");
        for (int i : dirty) {
            j.add(names[i]);
        }
        return j.toString();
    }
}
