package dev.bindery.hibernate.internal;

import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.event.spi.PostLoadEvent;
import org.hibernate.event.spi.PostLoadEventListener;

/**
 * No silent loss: an entity loaded read-only (a read-only session, {@code setDefaultReadOnly(true)}, the read-only
 * hint) is made modifiable right after it loads, so Hibernate keeps its snapshot and sees a change at flush. The change
 * then reaches the router like any write: on the primary it is written; in work routed to a replica it is refused
 * before any SQL. Hibernate would otherwise skip the entity at flush and drop the change without a word.
 */
final class KeepSnapshots implements PostLoadEventListener {
    private static final long serialVersionUID = 1L;

    @Override
    public void onPostLoad(PostLoadEvent event) {
        var context = event.getSession().getPersistenceContextInternal();
        EntityEntry entry = context.getEntry(event.getEntity());
        if (entry != null && entry.isReadOnly() && entry.getPersister().isMutable()) {
            context.setReadOnly(event.getEntity(), false);
        }
    }
}
