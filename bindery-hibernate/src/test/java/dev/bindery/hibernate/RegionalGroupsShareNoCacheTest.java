package dev.bindery.hibernate;

import dev.bindery.Binds;
import dev.bindery.hibernate.cached.Account;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The groups of a group split by region map the same entities, and every SessionFactory of the JVM shares the cache
 * provider's cache manager; each group's regions are its own, so one region's cached rows never answer another's.
 */
class RegionalGroupsShareNoCacheTest {

    @Test
    void aRegionsCachedRowsNeverAnswerAnotherRegion() {
        try (Binds binds = Binds.builder()
                .bind(Binds.DEFAULT, H2.url("app"))
                .bind("accounts@eu", H2.url("accounts-eu"))
                .bind("accounts@us", H2.url("accounts-us"))
                .build();
             Database db = Database.builder(binds).entities(Account.class)
                     .property("hibernate.cache.region.factory_class", "jcache")
                     .property("hibernate.javax.cache.provider", "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider")
                     .property("hibernate.javax.cache.missing_cache_strategy", "create")
                     .property("hibernate.cache.use_query_cache", "true")
                     .build()) {
            db.createAll("accounts");
            for (String region : new String[] {"eu", "us"}) {
                try (RoutingSession s = db.openSession(SessionOptions.builder().region(region).build())) {
                    s.persist(new Account(1, region + "-owner"));   // the same id in both regions
                    s.commit();
                }
            }
            for (String region : new String[] {"eu", "us", "eu", "us"}) {
                try (RoutingSession s = db.openSession(SessionOptions.builder().region(region).build())) {
                    assertThat(s.find(Account.class, 1L).getOwner()).as("find in " + region).isEqualTo(region + "-owner");
                    assertThat(s.createSelectionQuery("select a.owner from Account a where a.id = 1", String.class)
                            .setCacheable(true).getSingleResult()).as("query in " + region).isEqualTo(region + "-owner");
                }
            }
            assertThat(db.sessionFactory("accounts@eu").getCache().containsEntity(Account.class, 1L)).isTrue();
        }
    }
}
