package dev.bindery.hibernate.internal;

import dev.bindery.Binds;
import dev.bindery.hibernate.Resident;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.metamodel.EntityType;
import org.hibernate.engine.spi.SessionFactoryImplementor;

import java.util.Map;

/** Turns a factory Hibernate built with {@link #applyTo} settings into a {@link RoutedSessionFactory} (the JPA path). */
public final class RoutedFactories {
    private RoutedFactories() {
    }

    /** Puts Bindery's connection provider into a factory's settings (each session's unit of work is its own listener). */
    public static void applyTo(Map<String, Object> settings, RoutedConnectionProvider provider) {
        RoutedSessionFactory.applyTo(settings, provider);
    }

    /** The routed factory over {@code emf}, which Hibernate built with {@link #applyTo} settings; {@code owned} is closed with it. */
    public static RoutedSessionFactory wrap(EntityManagerFactory emf, Binds binds, String group, AutoCloseable owned) {
        SessionFactoryImplementor sf = emf.unwrap(SessionFactoryImplementor.class);
        String resident = null;
        for (EntityType<?> e : sf.getMetamodel().getEntities()) {
            if (e.getJavaType() != null && e.getJavaType().isAnnotationPresent(Resident.class)) {
                resident = e.getName();
                break;
            }
        }
        return new RoutedSessionFactory(sf, binds, group, new RouteRequests(binds), null, resident, owned);
    }
}
