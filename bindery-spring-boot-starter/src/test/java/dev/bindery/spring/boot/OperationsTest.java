package dev.bindery.spring.boot;

import dev.bindery.Binds;
import dev.bindery.spring.boot.app.Where;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Health per bind, the bindery endpoint, and the meters, through Spring Boot's Actuator over HTTP. */
class OperationsTest extends StarterContext {
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;
    @Autowired
    Binds binds;
    @Autowired
    MeterRegistry registry;
    @Autowired
    Where where;

    @Test
    void healthShowsEveryBindAndGoesDownOnlyWhileAGroupCannotServe() throws Exception {
        String health = get("/actuator/health");
        assertThat(health).contains("\"bindery\"", "\"default\"", "\"replica\"", "\"audit-replica\"", "\"role\":\"replica\"");
        try (dev.bindery.BindScope s = dev.bindery.BindContext.readOnly("other")) {
            assertThat(where.readOnly()).isEqualTo("other-replica");   // a group is checked from its first routed work
        }
        try (Connection c = DriverManager.getConnection(OTHER_REPLICA)) {
            c.createStatement().execute("shutdown");       // the only replica of 'other', whose reads do not fall back
        }                                                  // (the bind's URL has IFEXISTS: it cannot come back empty)
        eventually(() -> assertThat(get("/actuator/health/bindery/other-replica")).contains("\"status\":\"DOWN\"", "\"serving\":false"));
        assertThat(get("/actuator/health/bindery/other")).contains("\"status\":\"UP\"");
        TestDatabases.named(OTHER_REPLICA_NAME, false);     // the database again: the replica is readmitted, its group serves
        eventually(() -> assertThat(get("/actuator/health/bindery/other-replica")).contains("\"status\":\"UP\"", "\"serving\":true"));
    }

    @Test
    void theBinderyEndpointShowsEveryBindsStatus() throws Exception {
        where.readOnly();
        String status = get("/actuator/bindery");
        assertThat(status).contains("\"key\":\"default\"", "\"key\":\"replica\"", "\"state\":\"UP\"", "\"role\":\"REPLICA\"");
        assertThat(get("/actuator/bindery/replica")).contains("\"key\":\"replica\"").doesNotContain("\"key\":\"default\"");
    }

    @Test
    void everyBindsPoolHasHikariMetersAndBinderyCountsRoutedWork() {
        where.readOnly();
        where.readWrite();
        assertThat(registry.find("hikaricp.connections").tag("pool", "bindery-replica").gauge()).isNotNull();
        assertThat(registry.find("hikaricp.connections").tag("pool", "bindery-default").gauge()).isNotNull();
        assertThat(registry.find("bindery.routed.reads").tag("bind", "replica").functionCounter().count()).isPositive();
    }

    @Test
    void migrationsAndSqlInitRanOnEachGroupsPrimaryOnly() {
        assertThat(new JdbcTemplate(binds.dataSource("default")).queryForList("select name from migrated", String.class))
                .containsExactly("primary");
        assertThat(new JdbcTemplate(binds.dataSource("default")).queryForList("select name from sql_init", String.class))
                .containsExactly("primary");
        assertThat(TestDatabases.tables(REPLICA)).doesNotContain("MIGRATED", "SQL_INIT", "flyway_schema_history");
        assertThat(new JdbcTemplate(binds.dataSource("audit")).queryForList("select name from audit_migrated", String.class))
                .as("the audit group's migrations (db/audit) on its primary").containsExactly("audit");
        assertThat(TestDatabases.tables(AUDIT_REPLICA)).doesNotContain("AUDIT_MIGRATED");
        assertThat(TestDatabases.tables(PRIMARY)).doesNotContain("AUDIT_MIGRATED");
    }

    @Test
    void liquibaseRanOnEachGroupsPrimaryOnly() {
        assertThat(new JdbcTemplate(binds.dataSource("default")).queryForList("select name from liquibase_migrated", String.class))
                .as("Spring Boot's own Liquibase, on the routing data source: the default primary").containsExactly("primary");
        assertThat(TestDatabases.tables(REPLICA)).doesNotContain("LIQUIBASE_MIGRATED", "DATABASECHANGELOG");
        assertThat(new JdbcTemplate(binds.dataSource("audit")).queryForList("select name from audit_liquibase_migrated", String.class))
                .as("the audit group's change log (db/changelog/audit.yaml) on its primary").containsExactly("audit");
        assertThat(TestDatabases.tables(AUDIT_REPLICA)).doesNotContain("AUDIT_LIQUIBASE_MIGRATED", "DATABASECHANGELOG");
        assertThat(TestDatabases.tables(PRIMARY)).doesNotContain("AUDIT_LIQUIBASE_MIGRATED");
        assertThat(TestDatabases.tables(OTHER)).as("a group without a change log is left alone")
                .doesNotContain("DATABASECHANGELOG");
    }

    /** Runs {@code check} until it passes, for at most 20 s (a safety net; the health checks run every 600 ms). */
    private static void eventually(Check check) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                check.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > end) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    private interface Check {
        void run() throws Exception;
    }

    private String get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return r.body();
    }
}
