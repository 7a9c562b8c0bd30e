package dev.bindery.hibernate.internal;

import org.hibernate.cfg.AvailableSettings;

import java.util.Map;

/**
 * The second-level cache setting Bindery adds to a group's SessionFactory, whatever provider the application
 * configured: region names prefixed with {@code bindery.<group>.}. Every SessionFactory of a JVM shares the provider's
 * cache manager, and the group's cache keys carry no bind (one cached copy for the primary and its replicas), so two
 * groups with the same entities (a group split by region: {@code users@eu}, {@code users@us}) would otherwise share
 * cached entities and query results. The cache mode of each unit of work is {@link CachePolicy}'s.
 */
final class GroupCache {
    /**
     * What region names start with, before the group's key: {@code bindery.default.com.example.Note}. Not the group's
     * key alone, which may begin a region name ({@code default-query-results-region}), and Hibernate refuses a region
     * name that starts with the prefix.
     */
    static final String REGION_PREFIX = "bindery.";

    private GroupCache() {
    }

    /** Prefixes {@code settings}' region names (after the application's own prefix, if any) with the group's. */
    static void prefixRegions(Map<String, Object> settings, String group) {
        Object prefix = settings.get(AvailableSettings.CACHE_REGION_PREFIX);
        settings.put(AvailableSettings.CACHE_REGION_PREFIX,
                (prefix == null || prefix.toString().isBlank() ? "" : prefix + ".") + REGION_PREFIX + group);
    }
}
