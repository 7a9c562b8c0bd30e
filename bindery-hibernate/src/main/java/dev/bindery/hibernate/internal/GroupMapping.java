package dev.bindery.hibernate.internal;

import dev.bindery.Binds;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * The Hibernate mapping of one schema group (a primary and its replicas): its entities and one SessionFactory, built
 * once for the group and shared by every bind in it. A group without entities builds its SessionFactory on first use.
 */
public final class GroupMapping implements AutoCloseable {
    private final String group;
    private final Binds binds;
    private final List<Class<?>> entities;
    private final Map<String, Object> settings;
    private final UnaryOperator<DataSource> wrapper;
    private final DatabaseRuntime db;
    private volatile RoutedSessionFactory sessionFactory;

    GroupMapping(DatabaseRuntime db, String group, Binds binds, List<Class<?>> entities, Map<String, Object> settings,
                 UnaryOperator<DataSource> wrapper) {
        this.db = db;
        this.wrapper = wrapper;
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

    /** The group's routed SessionFactory, built on first call. */
    public RoutedSessionFactory sessionFactory() {
        RoutedSessionFactory sf = sessionFactory;
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

    private RoutedSessionFactory build() {
        StandardServiceRegistryBuilder rb = new StandardServiceRegistryBuilder();
        Map<String, Object> all = new java.util.HashMap<>(settings);
        RoutedSessionFactory.applyTo(all, new RoutedConnectionProvider(binds, group, wrapper));
        rb.applySettings(all);
        StandardServiceRegistry registry = rb.build();
        try {
            MetadataSources sources = new MetadataSources(registry);
            for (Class<?> c : entities) {
                sources.addAnnotatedClass(c);
            }
            SessionFactory sf = sources.buildMetadata().buildSessionFactory();
            return new RoutedSessionFactory((org.hibernate.engine.spi.SessionFactoryImplementor) sf, binds, group,
                    db.requests(), db.routeHook(), residentName(), null);
        } catch (RuntimeException e) {
            StandardServiceRegistryBuilder.destroy(registry);
            throw e;
        }
    }

    /**
     * The name of a {@code @Resident} entity of the group; else, for one region's group of a group split by region
     * (all its data is resident), the name of its first entity; else {@code null}.
     */
    private String residentName() {
        for (Class<?> c : entities) {
            if (c.isAnnotationPresent(dev.bindery.hibernate.Resident.class)) {
                return c.getSimpleName();
            }
        }
        boolean regional = !binds.router().logicalGroup(group).equals(group);
        return regional && !entities.isEmpty() ? entities.get(0).getSimpleName() : null;
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
