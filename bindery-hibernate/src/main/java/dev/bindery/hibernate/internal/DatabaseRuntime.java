package dev.bindery.hibernate.internal;

import dev.bindery.Binds;
import dev.bindery.Route;
import dev.bindery.Router;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** Everything a {@link dev.bindery.hibernate.Database} holds at run time, shared by its sessions. */
public final class DatabaseRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseRuntime.class);

    private final Binds binds;
    private final Router router;
    private final Map<String, GroupMapping> groups;
    private final EntityDirectory directory = new EntityDirectory();
    private final RouteRequests requests;
    private final Set<String> readOnlyBinds = new HashSet<>();
    private final Consumer<RoutingSession>[] sessionHooks;
    private final Consumer<Route>[] routeHooks;

    @SuppressWarnings("unchecked")
    public DatabaseRuntime(Binds binds, Collection<Class<?>> classes, Map<String, Object> settings,
                           List<Consumer<RoutingSession>> sessionHooks, List<Consumer<Route>> routeHooks) {
        this.binds = binds;
        this.router = binds.router();
        this.sessionHooks = sessionHooks.toArray(new Consumer[0]);
        this.routeHooks = routeHooks.toArray(new Consumer[0]);
        for (String key : binds.keys()) {
            if (binds.config(key).isReadOnly()) {
                readOnlyBinds.add(key);
            }
        }
        Map<String, List<Class<?>>> byGroup = bindEntities(binds, classes);
        Map<String, GroupMapping> g = new LinkedHashMap<>();
        for (String group : binds.groups()) {
            g.put(group, new GroupMapping(group, binds, byGroup.getOrDefault(group, List.of()), settings));
        }
        this.groups = g;
        this.requests = new RouteRequests(binds);
        List<GroupMapping> built = new ArrayList<>();
        try {
            for (GroupMapping m : groups.values()) {
                if (m.hasEntities()) {
                    for (EntityType<?> e : m.sessionFactory().getMetamodel().getEntities()) {
                        directory.add(e.getJavaType(), e.getName(), m.group());
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
            if (!binds.contains(key)) {
                problems.add("entity " + c.getName() + " is bound to '" + key + "' (" + declaredBy(c)
                        + "), which the Binds does not define; known binds: " + binds.keys()
                        + ". Define bind '" + key + "' or correct the @BindKey.");
                continue;
            }
            String replicaOf = binds.config(key).replicaOf();
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

    public boolean isReadOnlyBind(String key) {
        return readOnlyBinds.contains(key);
    }

    /** The mapping of the group of bind {@code key} (a primary or a replica). */
    public GroupMapping mapping(String key) {
        GroupMapping m = groups.get(key);
        return m != null ? m : groups.get(binds.groupOf(key));
    }

    public Collection<GroupMapping> mappings() {
        return groups.values();
    }

    public RoutingSession open(SessionOptions options) {
        RoutingSessionImpl s = new RoutingSessionImpl(this, options);
        try {
            for (Consumer<RoutingSession> h : sessionHooks) {
                h.accept(s);
            }
        } catch (RuntimeException | Error e) {
            s.close();
            throw e;
        }
        return s;
    }

    void routeDecided(Route route) {
        for (Consumer<Route> h : routeHooks) {
            h.accept(route);
        }
    }

    @Override
    public void close() {
        groups.values().forEach(GroupMapping::close);
    }
}
