package dev.bindery.hibernate;

import dev.bindery.Binds;
import dev.bindery.hibernate.cached.Note;

/**
 * A {@link Database} of {@link Note}s with Hibernate's second-level and query caches on (JCache, Caffeine as its
 * provider). The tagged region is shown verbatim in docs/second-level-cache.md (DocSnippetsAreCompiledTest checks it).
 */
final class CachedDatabase {
    private CachedDatabase() {
    }

    static Database of(Binds binds) {
        // tag::cache-on[]
        Database db = Database.builder(binds).entities(Note.class)    // Note is @Cacheable, @Cache(usage = READ_WRITE)
                .property("hibernate.cache.region.factory_class", "jcache")
                .property("hibernate.javax.cache.provider", "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider")
                .property("hibernate.javax.cache.missing_cache_strategy", "create")
                .property("hibernate.cache.use_query_cache", "true")   // for queries marked setCacheable(true)
                .build();
        // end::cache-on[]
        return db;
    }

    /** The same, with caches of its own: a second JVM, whose cache never sees this one's writes. */
    static Database ofAnotherJvm(Binds binds) {
        return Database.builder(binds).entities(Note.class)
                .property("hibernate.cache.region.factory_class", "jcache")
                .property("hibernate.javax.cache.provider", "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider")
                .property("hibernate.javax.cache.missing_cache_strategy", "create")
                .property("hibernate.cache.use_query_cache", "true")
                .property("hibernate.cache.region_prefix", "another-jvm")
                .build();
    }

    /** Empties every cache region of {@code db}'s group {@code default}. */
    static void evictAll(Database db) {
        db.sessionFactory(Binds.DEFAULT).getCache().evictAllRegions();
    }

    /** The text of note {@code id} by a cacheable query, as a scalar so the query cache holds the value itself. */
    static String textByCachedQuery(RoutingSession session, long id) {
        return session.createSelectionQuery("select n.text from Note n where n.id = :id", String.class)
                .setParameter("id", id).setCacheable(true).getSingleResultOrNull();
    }
}
