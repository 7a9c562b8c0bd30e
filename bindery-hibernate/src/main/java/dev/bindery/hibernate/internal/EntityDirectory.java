package dev.bindery.hibernate.internal;

import dev.bindery.hibernate.UnknownEntityException;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which group each entity belongs to, by class and by entity name, and which group an HQL string targets (its root
 * entity), cached per string so a query is looked at once.
 */
public final class EntityDirectory {
    private static final Pattern ROOT = Pattern.compile(
            "(?is)^\\s*(?:update\\s+|delete\\s+(?:from\\s+)?|insert\\s+into\\s+)([A-Za-z_$][\\w$.]*)|\\bfrom\\s+([A-Za-z_$][\\w$.]*)");
    private static final String NONE = "";

    private final Map<Class<?>, String> byClass = new ConcurrentHashMap<>();
    private final Map<String, String> byName = new ConcurrentHashMap<>();
    private final Map<String, String> byQuery = new ConcurrentHashMap<>();
    private final Map<Class<?>, ResidentEntity> resident = new ConcurrentHashMap<>();
    private final Map<String, ResidentEntity> residentByName = new ConcurrentHashMap<>();
    private final Map<String, String> residentByQuery = new ConcurrentHashMap<>();

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

    /** The name of the resident root entity of an HQL statement, or {@code null} when its root is not resident. */
    public String residentOfQuery(String hql) {
        if (resident.isEmpty()) {
            return null;
        }
        String subject = residentByQuery.get(hql);
        if (subject == null) {
            subject = NONE;
            Matcher m = ROOT.matcher(hql);
            while (m.find()) {
                String name = m.group(1) != null ? m.group(1) : m.group(2);
                if (byName.containsKey(name)) {
                    ResidentEntity r = residentByName.get(name);
                    subject = r == null ? NONE : r.name();
                    break;
                }
            }
            if (residentByQuery.size() < 10_000) {
                residentByQuery.put(hql, subject);
            }
        }
        return subject.isEmpty() ? null : subject;
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
     * The group of an HQL statement's root entity; {@code null} when it names no mapped entity (then the caller
     * falls back to the result type, the explicit bind or the default group).
     */
    public String groupOfQuery(String hql) {
        String g = byQuery.get(hql);
        if (g == null) {
            g = NONE;
            Matcher m = ROOT.matcher(hql);
            while (m.find()) {
                String name = m.group(1) != null ? m.group(1) : m.group(2);
                String found = byName.get(name);
                if (found != null) {
                    g = found;
                    break;
                }
            }
            if (byQuery.size() < 10_000) {
                byQuery.put(hql, g);
            }
        }
        return g.isEmpty() ? null : g;
    }
}
