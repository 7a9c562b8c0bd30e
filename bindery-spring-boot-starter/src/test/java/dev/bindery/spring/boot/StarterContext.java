package dev.bindery.spring.boot;

import dev.bindery.spi.Route;
import dev.bindery.spi.RouteListener;
import dev.bindery.spring.boot.app.NoteApplication;
import dev.bindery.spring.internal.WriteMemory;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The one application context the starter's H2 tests share (Spring caches it): the test application on a web server
 * with a random port, over H2 databases that say who they are: the default group (primary + replica), {@code other}
 * (a primary and a replica whose group fails reads rather than fall back), and the {@code audit} group of the
 * {@code @BindKey("audit")} entity. Flyway, Liquibase and {@code spring.sql.init} run at start-up; every route is
 * recorded.
 */
@SpringBootTest(classes = {NoteApplication.class, StarterContext.Listener.class}, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class StarterContext {
    static final String PRIMARY = TestDatabases.named("primary");
    static final String REPLICA = TestDatabases.named("replica");
    static final String OTHER = TestDatabases.named("other");
    static final String OTHER_REPLICA_NAME = "other-replica-" + java.util.UUID.randomUUID();
    static final String OTHER_REPLICA = TestDatabases.named(OTHER_REPLICA_NAME, false) + ";IFEXISTS=TRUE";
    static final String AUDIT = TestDatabases.named("audit");
    static final String AUDIT_REPLICA = TestDatabases.named("audit-replica");
    static final List<Route> ROUTES = new CopyOnWriteArrayList<>();

    @DynamicPropertySource
    static void binds(DynamicPropertyRegistry r) {
        r.add("spring.datasource.url", () -> PRIMARY);          // the default bind, without bindery.url
        r.add("bindery.binds.replica.url", () -> REPLICA);
        r.add("bindery.binds.replica.replica-of", () -> "default");
        r.add("bindery.binds.other.url", () -> OTHER);
        r.add("bindery.binds.other.replica-fallback", () -> "fail");
        r.add("bindery.binds.other.health-check-interval", () -> "600ms");   // over HikariCP's 500 ms alive bypass
        r.add("bindery.binds.other.eject-after-failures", () -> "1");
        r.add("bindery.binds.other.readmit-after-successes", () -> "1");
        r.add("bindery.binds.other-replica.url", () -> OTHER_REPLICA);
        r.add("bindery.binds.other-replica.replicaOf", () -> "other");
        r.add("bindery.binds.audit.url", () -> AUDIT);
        r.add("bindery.binds.audit-replica.url", () -> AUDIT_REPLICA);
        r.add("bindery.binds.audit-replica.replica-of", () -> "audit");
        r.add("spring.jpa.hibernate.ddl-auto", () -> "none");
        r.add("spring.jpa.properties.hibernate.cache.use_second_level_cache", () -> "false");   // SecondLevelCacheTest's
        r.add("spring.flyway.locations", () -> "classpath:db/starter-test");
        r.add("spring.flyway.baseline-on-migrate", () -> "true");
        r.add("spring.liquibase.change-log", () -> "classpath:db/changelog/starter-test.yaml");
        r.add("spring.sql.init.mode", () -> "always");
        r.add("spring.sql.init.schema-locations", () -> "classpath:starter-test-schema.sql");
        r.add("management.endpoints.web.exposure.include", () -> "health,bindery,metrics");
        r.add("management.endpoint.health.show-details", () -> "always");
    }

    @TestConfiguration
    static class Listener {
        @Bean
        RouteListener recordRoutes() {
            return ROUTES::add;
        }
    }

    @BeforeEach
    void forgetRoutesAndWrites() {
        WriteMemory.install(null);
        ROUTES.clear();
    }
}
