package dev.bindery.hibernate;

import dev.bindery.Binds;
import dev.bindery.hibernate.internal.RoutedConnectionProvider;
import dev.bindery.hibernate.internal.RoutedFactories;
import dev.bindery.hibernate.internal.RoutedSessionFactory;
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

    private static final String PROVIDER = "jakarta.persistence.provider";

    private final Binds binds;
    private final String group;
    private final RoutedConnections connections;

    /** The provider of the config-only path: binds from the persistence unit's {@code bindery.*} properties. */
    public BinderyPersistenceProvider() {
        this.binds = null;
        this.group = null;
        this.connections = null;
    }

    /**
     * A provider over existing binds, for group {@code group}.
     *
     * @throws dev.bindery.UnknownBindException if {@code group} is not a bind of {@code binds}
     */
    public BinderyPersistenceProvider(Binds binds, String group) {
        this(binds, group, null);
    }

    /**
     * A provider over existing binds, for group {@code group}, whose factories take their connections from
     * {@code connections} and follow the routes those connections take (a framework's transaction routing, such as
     * bindery-spring's) instead of routing each unit of work themselves; {@code null}: they route it themselves.
     *
     * @throws dev.bindery.UnknownBindException if {@code group} is not a bind of {@code binds}
     */
    public BinderyPersistenceProvider(Binds binds, String group, RoutedConnections connections) {
        binds.config(group);
        this.binds = binds;
        this.group = group;
        this.connections = connections;
    }

    /** {@link #BinderyPersistenceProvider(Binds, String)} for the default group. */
    public BinderyPersistenceProvider(Binds binds) {
        this(binds, Binds.DEFAULT);
    }

    /**
     * Builds the routed factory of persistence unit {@code unit} when Bindery's provider is asked for: by the
     * {@code jakarta.persistence.provider} property in {@code properties}, or by the unit's {@code <provider>}.
     * Returns {@code null} otherwise (JPA then asks the next provider).
     */
    @Override
    public EntityManagerFactory createEntityManagerFactory(String unit, Map properties) {
        Map<String, Object> merged = new HashMap<>();
        if (properties != null) {
            properties.forEach((k, v) -> merged.put(String.valueOf(k), v));
        }
        if (!askedFor(unit, merged)) {
            return null;
        }
        return build(merged, settings -> super.createEntityManagerFactory(unit, settings), unit);
    }

    private boolean askedFor(String unit, Map<String, Object> properties) {
        Object requested = properties.get(PROVIDER);
        if (requested != null) {
            return isThisProvider(requested.toString());
        }
        for (var descriptor : locatePersistenceUnits(properties, null, null)) {
            if (unit == null || descriptor.getName().equals(unit)) {
                return descriptor.getProviderClassName() != null && isThisProvider(descriptor.getProviderClassName());
            }
        }
        return false;
    }

    private boolean isThisProvider(String name) {
        return name.equals(getClass().getName()) || name.equals(BinderyPersistenceProvider.class.getName());
    }

    /**
     * The binds of an {@code EntityManagerFactory} this provider built: on the config-only path, the ones it built
     * from the unit's {@code bindery.*} properties (for status and metrics: {@code binds(emf).status()}).
     *
     * @throws IllegalArgumentException if {@code emf} was not built by Bindery
     */
    public static Binds binds(EntityManagerFactory emf) {
        if (emf instanceof RoutedSessionFactory routed) {
            return routed.binds();
        }
        throw new IllegalArgumentException("This EntityManagerFactory was not built by Bindery (" + emf.getClass().getName()
                + "): name dev.bindery.hibernate.BinderyPersistenceProvider as its provider.");
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
        withRouting.put(PROVIDER, HibernatePersistenceProvider.class.getName());   // Hibernate builds it
        RoutedFactories.applyTo(withRouting, new RoutedConnectionProvider(b, g, null, connections));
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
