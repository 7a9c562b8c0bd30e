package dev.bindery.hibernate.internal;

import dev.bindery.spi.Router;
import dev.bindery.spi.Route;
import dev.bindery.Binds;
import dev.bindery.hibernate.BindKey;
import dev.bindery.hibernate.EntityBindingException;
import dev.bindery.hibernate.RoutingSession;
import dev.bindery.hibernate.SessionOptions;
import jakarta.persistence.Entity;
import jakarta.persistence.metamodel.EntityType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/** Everything a {@link dev.bindery.hibernate.Database} holds at run time, shared by its sessions. */
public final class DatabaseRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseRuntime.class);

    private final Binds binds;
    private final Router router;
    private final Map<String, GroupMapping> groups;
    private final EntityDirectory directory = new EntityDirectory();
    private final RouteRequests requests;
    private final List<Consumer<RoutingSession>> sessionHooks;
    private final List<Consumer<Route>> routeHooks;
    /**
     * Policies shared by the sessions opened with equal options, so opening a session allocates none: the default,
     * the read-only, and up to {@link #MAX_SHARED_POLICIES} others without a causal token (those are per client).
     */
    private static final int MAX_SHARED_POLICIES = 64;
    private final SessionPolicy defaultPolicy = new SessionPolicy(this, SessionOptions.DEFAULT);
    private final Map<SessionOptions, SessionPolicy> policies = new java.util.concurrent.ConcurrentHashMap<>();

    public DatabaseRuntime(Binds binds, Collection<Class<?>> classes, Map<String, Object> settings,
                           List<Consumer<RoutingSession>> sessionHooks, List<Consumer<Route>> routeHooks,
                           UnaryOperator<DataSource> wrapper) {
        this.binds = binds;
        this.router = binds.router();
        this.sessionHooks = List.copyOf(sessionHooks);
        this.routeHooks = List.copyOf(routeHooks);
        this.requests = new RouteRequests(binds);
        Map<String, List<Class<?>>> byGroup = bindEntities(binds, classes);
        Map<String, GroupMapping> g = new LinkedHashMap<>();
        for (String group : binds.groups()) {
            List<Class<?>> mapped = new ArrayList<>(byGroup.getOrDefault(group, List.of()));
            String logical = router.logicalGroup(group);
            if (!logical.equals(group)) {
                mapped.addAll(byGroup.getOrDefault(logical, List.of()));  // a group split by region
            }
            g.put(group, new GroupMapping(this, group, binds, mapped, settings, wrapper));
        }
        this.groups = g;
        List<GroupMapping> built = new ArrayList<>();
        try {
            for (GroupMapping m : groups.values()) {
                if (m.hasEntities()) {
                    for (EntityType<?> e : m.sessionFactory().getMetamodel().getEntities()) {
                        directory.add(e.getJavaType(), e.getName(), logicalGroupOf(e.getJavaType()));
                    }
                    built.add(m);
                    LOG.info("Mapped {} entities for group '{}' (binds {})", m.entities().size(), m.group(), keysOf(m.group()));
                }
            }
        } catch (RuntimeException e) {
            built.forEach(GroupMapping::close);
            throw e;
        }
    }

    private List<String> keysOf(String group) {
        List<String> out = new ArrayList<>();
        out.add(group);
        out.addAll(binds.replicas(group));
        return out;
    }

    /** Groups entities by their @BindKey, reporting every problem at once. */
    static Map<String, List<Class<?>>> bindEntities(Binds binds, Collection<Class<?>> classes) {
        List<String> problems = new ArrayList<>();
        Map<String, List<Class<?>>> out = new LinkedHashMap<>();
        for (Class<?> c : new LinkedHashSet<>(classes)) {
            if (!c.isAnnotationPresent(Entity.class)) {
                problems.add("class " + c.getName() + " is not annotated @Entity; pass only entity classes to entities(...)");
                continue;
            }
            String key = keyOf(c);
            if (!binds.contains(key) && regionalGroups(binds, key).isEmpty()) {
                problems.add("entity " + c.getName() + " is bound to '" + key + "' (" + declaredBy(c)
                        + "), which the Binds does not define; known binds: " + binds.keys()
                        + ". Define bind '" + key + "' or correct the @BindKey.");
                continue;
            }
            String replicaOf = binds.contains(key) ? binds.config(key).replicaOf() : null;
            if (replicaOf != null) {
                problems.add("entity " + c.getName() + " is bound to '" + key + "' (" + declaredBy(c) + "), a replica of '"
                        + replicaOf + "'; bind entities to the primary '" + replicaOf
                        + "': reads reach its replicas through routing.");
                continue;
            }
            for (Class<?> s = c.getSuperclass(); s != null && s != Object.class; s = s.getSuperclass()) {
                if (s.isAnnotationPresent(Entity.class)) {
                    String parent = keyOf(s);
                    if (!parent.equals(key)) {
                        problems.add("entity " + c.getName() + " is bound to '" + key + "' but its entity superclass "
                                + s.getName() + " is bound to '" + parent + "'; an entity hierarchy lives in one database,"
                                + " so bind the whole hierarchy to one key.");
                    }
                    break;
                }
            }
            out.computeIfAbsent(key, k -> new ArrayList<>()).add(c);
        }
        if (!problems.isEmpty()) {
            throw new EntityBindingException(problems);
        }
        return out;
    }

    /** The groups {@code key@region} of a group split by region; empty when {@code key} is not split. */
    public static List<String> regionalGroups(Binds binds, String key) {
        return binds.router().regionalGroups(key);
    }

    private String logicalGroupOf(Class<?> entity) {
        for (Class<?> c = entity; c != null; c = c.getSuperclass()) {
            if (c.isAnnotationPresent(Entity.class)) {
                return keyOf(c);
            }
        }
        return Binds.DEFAULT;
    }

    static String keyOf(Class<?> c) {
        BindKey k = c.getAnnotation(BindKey.class);
        return k == null ? Binds.DEFAULT : k.value();
    }

    private static String declaredBy(Class<?> c) {
        for (Class<?> s = c; s != null; s = s.getSuperclass()) {
            if (s.getDeclaredAnnotation(BindKey.class) != null) {
                return "@BindKey on " + s.getName();
            }
        }
        return "no @BindKey: the default bind";
    }

    public Binds binds() {
        return binds;
    }

    public Router router() {
        return router;
    }

    public EntityDirectory directory() {
        return directory;
    }

    public RouteRequests requests() {
        return requests;
    }

    /** Whether bind {@code key} is a replica or read-only (its configuration says; nothing is cached here). */
    public boolean isReadOnlyBind(String key) {
        return binds.config(key).isReadOnly();
    }

    /** The mapping of the group of bind {@code key} (a primary or a replica). */
    public GroupMapping mapping(String key) {
        GroupMapping m = groups.get(key);
        if (m != null) {
            return m;
        }
        m = groups.get(binds.groupOf(key));
        if (m == null) {
            throw new IllegalStateException("Bind '" + key + "' belongs to group '" + binds.groupOf(key)
                    + "', which was added after this Database was built; build a new Database to map it.");
        }
        return m;
    }

    public Collection<GroupMapping> mappings() {
        return groups.values();
    }

    /** Opens a routing session with {@code options} ({@code null}: the defaults) and runs the session hooks. */
    public RoutingSession open(SessionOptions options) {
        RoutingSessionImpl s = new RoutingSessionImpl(policyFor(options));
        try {
            for (int i = 0, n = sessionHooks.size(); i < n; i++) {
                sessionHooks.get(i).accept(s);
            }
        } catch (RuntimeException | Error e) {
            s.close();
            throw e;
        }
        return s;
    }

    private SessionPolicy policyFor(SessionOptions options) {
        if (options == null || options == SessionOptions.DEFAULT) {
            return defaultPolicy;
        }
        if (options.after() != null) {
            return new SessionPolicy(this, options);
        }
        SessionPolicy p = policies.get(options);
        if (p == null) {
            p = new SessionPolicy(this, options);
            if (policies.size() < MAX_SHARED_POLICIES) {
                policies.putIfAbsent(options, p);
            }
        }
        return p;
    }

    /** What to tell of each route a standard session's unit of work takes: {@link #routeDecided}, or {@code null} with no hook. */
    java.util.function.Consumer<Route> routeHook() {
        return routeHooks.isEmpty() ? null : this::routeDecided;
    }

    void routeDecided(Route route) {
        for (int i = 0, n = routeHooks.size(); i < n; i++) {
            routeHooks.get(i).accept(route);
        }
    }

    @Override
    public void close() {
        groups.values().forEach(GroupMapping::close);
    }
}
