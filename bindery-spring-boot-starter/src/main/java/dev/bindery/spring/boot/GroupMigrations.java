package dev.bindery.spring.boot;

import dev.bindery.Binds;
import org.flywaydb.core.Flyway;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

import javax.sql.DataSource;

/**
 * Flyway for the groups other than the default (whose migrations are Spring Boot's own, {@code spring.flyway.*}, on
 * the routing data source, which serves them from the default primary): each group's migrations, at
 * {@code bindery.flyway.locations.<group>} (default {@code classpath:db/<group>}), run against that group's primary
 * bind's own pool at start-up, never a replica, before its {@code EntityManagerFactory} starts. A group without such a
 * location is left alone.
 */
public final class GroupMigrations extends GroupMigration {
    /** The bean name; each group's {@code EntityManagerFactory} depends on it. */
    public static final String BEAN_NAME = "binderyGroupMigrations";

    public GroupMigrations(Binds binds, Environment environment, ResourceLoader resources) {
        super(binds, environment, resources, "bindery.flyway.locations");
    }

    @Override
    String defaultLocation(String group) {
        return "classpath:db/" + group;
    }

    @Override
    void migrate(DataSource primary, String location, Environment environment, ResourceLoader resources) {
        Flyway.configure(resources.getClassLoader())
                .dataSource(primary)
                .locations(location)
                .baselineOnMigrate(environment.getProperty("spring.flyway.baseline-on-migrate", Boolean.class, false))
                .load()
                .migrate();
    }
}
