package dev.bindery.spring.boot;

import dev.bindery.Binds;
import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

/**
 * Flyway for the groups other than the default (whose migrations are Spring Boot's own, {@code spring.flyway.*}, on
 * the routing data source, which serves them from the default primary): each group's migrations, at
 * {@code bindery.flyway.locations.<group>} (default {@code classpath:db/<group>}), run against that group's primary
 * bind's own pool at start-up, never a replica, before its {@code EntityManagerFactory} starts. A group without such a
 * location is left alone.
 */
public final class GroupMigrations implements InitializingBean {
    /** The bean name; each group's {@code EntityManagerFactory} depends on it. */
    public static final String BEAN_NAME = "binderyGroupMigrations";

    private final Binds binds;
    private final Environment environment;
    private final ResourceLoader resources;

    public GroupMigrations(Binds binds, Environment environment, ResourceLoader resources) {
        this.binds = binds;
        this.environment = environment;
        this.resources = resources;
    }

    @Override
    public void afterPropertiesSet() {
        for (String group : binds.groups()) {
            if (group.equals(Binds.DEFAULT)) {
                continue;
            }
            String location = environment.getProperty("bindery.flyway.locations." + group, "classpath:db/" + group);
            if (!resources.getResource(location).exists()) {
                continue;
            }
            Flyway.configure(resources.getClassLoader())
                    .dataSource(binds.dataSource(group))
                    .locations(location)
                    .baselineOnMigrate(environment.getProperty("spring.flyway.baseline-on-migrate", Boolean.class, false))
                    .load()
                    .migrate();
        }
    }
}
