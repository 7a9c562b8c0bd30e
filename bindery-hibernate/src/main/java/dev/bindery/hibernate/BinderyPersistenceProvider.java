package dev.bindery.hibernate;

import dev.bindery.Binds;
import dev.bindery.hibernate.internal.RoutedConnectionProvider;
import dev.bindery.hibernate.internal.RoutedFactories;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.spi.PersistenceUnitInfo;
import org.hibernate.jpa.HibernatePersistenceProvider;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A JPA {@code PersistenceProvider} that is Hibernate's, with routing: the {@code EntityManagerFactory} it builds is
 * Hibernate's own, whose entity managers (and sessions) route each unit of work through core's router: read-only work
 * to a replica, everything else to the primary of one group.
 *
 * <p>By configuration alone: set {@code jakarta.persistence.provider=dev.bindery.hibernate.BinderyPersistenceProvider}
 * and the {@code bindery.*} bind options as persistence-unit properties (or in the map given to
 * {@code Persistence.createEntityManagerFactory}); the provider builds the {@link Binds} from them and closes them with
 * the factory. {@value #GROUP} names the group (default {@code default}). With binds you already have, pass
 * {@code new BinderyPersistenceProvider(binds, group)} to your container (Spring's
 * {@code LocalContainerEntityManagerFactoryBean.setPersistenceProvider}); those binds stay yours.
 *
 * @see SessionProperties the per-session properties
 */
public class BinderyPersistenceProvider extends HibernatePersistenceProvider {
    /** The property naming the group the persistence unit maps (default {@code default}). */
    public static final String GROUP = "bindery.hibernate.group";

    private final Binds binds;
    private final String group;

    /** The provider of the config-only path: binds from the persistence unit's {@code bindery.*} properties. */
    public BinderyPersistenceProvider() {
        this.binds = null;
        this.group = null;
    }

    /**
     * A provider over existing binds, for group {@code group}.
     *
     * @throws dev.bindery.UnknownBindException if {@code group} is not a bind of {@code binds}
     */
    public BinderyPersistenceProvider(Binds binds, String group) {
        binds.config(group);
        this.binds = binds;
        this.group = group;
    }

    /** {@link #BinderyPersistenceProvider(Binds, String)} for the default group. */
    public BinderyPersistenceProvider(Binds binds) {
        this(binds, Binds.DEFAULT);
    }

    @Override
    public EntityManagerFactory createEntityManagerFactory(String unit, Map properties) {
        Map<String, Object> merged = new HashMap<>();
        if (properties != null) {
            properties.forEach((k, v) -> merged.put(String.valueOf(k), v));
        }
        merged.putIfAbsent("jakarta.persistence.provider", BinderyPersistenceProvider.class.getName());
        return build(merged, settings -> super.createEntityManagerFactory(unit, settings), unit);
    }

    @Override
    public EntityManagerFactory createContainerEntityManagerFactory(PersistenceUnitInfo info, Map properties) {
        Map<String, Object> merged = new HashMap<>();
        if (info.getProperties() != null) {
            info.getProperties().forEach((k, v) -> merged.put(String.valueOf(k), v));
        }
        if (properties != null) {
            properties.forEach((k, v) -> merged.put(String.valueOf(k), v));
        }
        return build(merged, settings -> super.createContainerEntityManagerFactory(info, settings), info.getPersistenceUnitName());
    }

    private EntityManagerFactory build(Map<String, Object> settings, java.util.function.Function<Map<String, Object>, EntityManagerFactory> hibernate,
                                       String unit) {
        String requested = (String) settings.get("jakarta.persistence.provider");
        if (requested != null && !requested.equals(getClass().getName()) && !requested.equals(BinderyPersistenceProvider.class.getName())) {
            return null;   // the unit asks for another provider
        }
        Binds b = binds;
        String g = group;
        boolean owned = false;
        if (b == null) {
            b = bindsOf(settings, unit);
            owned = true;
            Object configured = settings.get(GROUP);
            g = configured == null ? Binds.DEFAULT : configured.toString();
        }
        Map<String, Object> withRouting = new HashMap<>(settings);
        withRouting.put("jakarta.persistence.provider", HibernatePersistenceProvider.class.getName());
        RoutedFactories.applyTo(withRouting, new RoutedConnectionProvider(b, g, null));
        try {
            EntityManagerFactory emf = hibernate.apply(withRouting);
            return emf == null ? null : RoutedFactories.wrap(emf, b, g, owned ? b : null);
        } catch (RuntimeException e) {
            if (owned) {
                b.close();
            }
            throw e;
        }
    }

    private static Binds bindsOf(Map<String, Object> settings, String unit) {
        Properties p = new Properties();
        settings.forEach((k, v) -> {
            if (k.startsWith("bindery.") && !k.startsWith("bindery.hibernate.") && v != null) {
                p.setProperty(k, v.toString());
            }
        });
        if (p.isEmpty()) {
            throw new MissingBindOptionsException("Persistence unit '" + unit + "' names Bindery's provider but has no bindery.* "
                    + "bind options: add at least bindery.url=<JDBC URL of the primary> (and each replica as "
                    + "bindery.binds.<key>.url plus bindery.binds.<key>.replicaOf=default), or pass your Binds with new BinderyPersistenceProvider(binds, group)."
);
        }
        return Binds.fromProperties(p);
    }
}
