package dev.bindery.hibernate.internal;

import dev.bindery.hibernate.UnknownEntityException;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which group each entity belongs to, by class and by entity name, and what an HQL string targets (its root
 * entity's group and residency), cached per string so a query is looked at once.
 */
public final class EntityDirectory {
    private static final Pattern ROOT = Pattern.compile(
            "(?is)^\\s*(?:update\\s+|delete\\s+(?:from\\s+)?|insert\\s+into\\s+)([A-Za-z_$][\\w$.]*)|\\bfrom\\s+([A-Za-z_$][\\w$.]*)");

    private final Map<Class<?>, String> byClass = new ConcurrentHashMap<>();
    private final Map<String, String> byName = new ConcurrentHashMap<>();
    private final Map<String, QueryRoot> byQuery = new ConcurrentHashMap<>();
    private final Map<Class<?>, ResidentEntity> resident = new ConcurrentHashMap<>();
    private final Map<String, ResidentEntity> residentByName = new ConcurrentHashMap<>();

    void add(Class<?> entity, String entityName, String group) {
        byClass.put(entity, group);
        byName.put(entity.getName(), group);
        byName.put(entity.getSimpleName(), group);
        if (entityName != null) {
            byName.put(entityName, group);
        }
        ResidentEntity r = ResidentEntity.of(entity);
        if (r != null) {
            resident.put(entity, r);
            residentByName.put(entity.getName(), r);
            residentByName.put(entity.getSimpleName(), r);
            if (entityName != null) {
                residentByName.put(entityName, r);
            }
        }
    }

    /** The residency rule of an entity class (superclasses count, for proxies), or {@code null} when not resident. */
    public ResidentEntity resident(Class<?> type) {
        if (resident.isEmpty()) {
            return null;
        }
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            ResidentEntity r = resident.get(c);
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    /** Whether {@code type} (or a superclass, for proxies) is a mapped entity. */
    public boolean isEntity(Class<?> type) {
        return find(type) != null;
    }

    /**
     * The group of an entity class (proxies and unmapped subclasses resolve through their superclasses).
     *
     * @throws UnknownEntityException when the class is not mapped
     */
    public String groupOf(Class<?> type) {
        String g = find(type);
        if (g == null) {
            throw new UnknownEntityException(type.getName() + " is not an entity of this Database. Add it with "
                    + "Database.builder(binds).entities(" + type.getSimpleName() + ".class) or .packages(\""
                    + (type.getPackage() == null ? "" : type.getPackage().getName()) + "\").");
        }
        return g;
    }

    private String find(Class<?> type) {
        String g = byClass.get(type);
        if (g != null) {
            return g;
        }
        for (Class<?> c = type.getSuperclass(); c != null && c != Object.class; c = c.getSuperclass()) {
            g = byClass.get(c);
            if (g != null) {
                byClass.put(type, g);
                return g;
            }
        }
        return null;
    }

    /**
     * What an HQL statement's root entity says: its group ({@code null} when the statement names no mapped entity;
     * then the caller falls back to the result type, the explicit bind or the default group) and, when it is
     * resident, its name. Looked at once per statement string.
     */
    public QueryRoot rootOfQuery(String hql) {
        QueryRoot root = byQuery.get(hql);
        if (root == null) {
            root = QueryRoot.NONE;
            Matcher m = ROOT.matcher(hql);
            while (m.find()) {
                String name = m.group(1) != null ? m.group(1) : m.group(2);
                String group = byName.get(name);
                if (group != null) {
                    ResidentEntity r = residentByName.get(name);
                    root = new QueryRoot(group, r == null ? null : r.name());
                    break;
                }
            }
            if (byQuery.size() < 10_000) {
                byQuery.put(hql, root);
            }
        }
        return root;
    }

    /**
     * The root entity of an HQL statement as far as routing cares.
     *
     * @param group    the root entity's group, or {@code null} when the statement names no mapped entity
     * @param resident the resident root entity's name, or {@code null} when the root is not resident
     */
    public record QueryRoot(String group, String resident) {
        static final QueryRoot NONE = new QueryRoot(null, null);
    }
}
