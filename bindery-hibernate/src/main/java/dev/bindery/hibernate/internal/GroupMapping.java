package dev.bindery.hibernate.internal;

import dev.bindery.Binds;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.cfg.AvailableSettings;

import java.util.List;
import java.util.Map;

/**
 * The Hibernate mapping of one schema group (a primary and its replicas): its entities and one SessionFactory, built
 * once for the group and shared by every bind in it. A group without entities builds its SessionFactory on first use.
 */
public final class GroupMapping implements AutoCloseable {
    private final String group;
    private final Binds binds;
    private final List<Class<?>> entities;
    private final Map<String, Object> settings;
    private volatile SessionFactory sessionFactory;

    GroupMapping(String group, Binds binds, List<Class<?>> entities, Map<String, Object> settings) {
        this.group = group;
        this.binds = binds;
        this.entities = List.copyOf(entities);
        this.settings = settings;
    }

    public String group() {
        return group;
    }

    public List<Class<?>> entities() {
        return entities;
    }

    public boolean hasEntities() {
        return !entities.isEmpty();
    }

    /** The group's SessionFactory, built on first call. */
    public SessionFactory sessionFactory() {
        SessionFactory sf = sessionFactory;
        if (sf == null) {
            synchronized (this) {
                sf = sessionFactory;
                if (sf == null) {
                    sf = build();
                    sessionFactory = sf;
                }
            }
        }
        return sf;
    }

    private SessionFactory build() {
        StandardServiceRegistryBuilder rb = new StandardServiceRegistryBuilder();
        rb.applySettings(settings);
        rb.applySetting(AvailableSettings.MULTI_TENANT_CONNECTION_PROVIDER, new BindConnectionProvider(binds, group));
        StandardServiceRegistry registry = rb.build();
        try {
            MetadataSources sources = new MetadataSources(registry);
            for (Class<?> c : entities) {
                sources.addAnnotatedClass(c);
            }
            return sources.buildMetadata().buildSessionFactory();
        } catch (RuntimeException e) {
            StandardServiceRegistryBuilder.destroy(registry);
            throw e;
        }
    }

    @Override
    public void close() {
        SessionFactory sf = sessionFactory;
        if (sf != null) {
            sf.close();
        }
    }

    @Override
    public String toString() {
        return "GroupMapping[" + group + ", " + entities.size() + " entities]";
    }
}
