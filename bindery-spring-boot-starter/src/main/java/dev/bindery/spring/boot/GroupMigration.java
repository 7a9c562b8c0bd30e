package dev.bindery.spring.boot;

import dev.bindery.Binds;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

import javax.sql.DataSource;

/**
 * One migration tool run for each group other than the default, at start-up, on that group's primary bind's own pool
 * (never a replica): the tool's location of the group is {@code <property>.<group>}, else its default; a group whose
 * location does not exist is left alone.
 */
abstract class GroupMigration implements InitializingBean {
    private final Binds binds;
    private final Environment environment;
    private final ResourceLoader resources;
    private final String property;

    GroupMigration(Binds binds, Environment environment, ResourceLoader resources, String property) {
        this.binds = binds;
        this.environment = environment;
        this.resources = resources;
        this.property = property;
    }

    @Override
    public final void afterPropertiesSet() throws Exception {
        for (String group : binds.groups()) {
            if (group.equals(Binds.DEFAULT)) {
                continue;
            }
            String location = environment.getProperty(property + "." + group, defaultLocation(group));
            if (resources.getResource(location).exists()) {
                migrate(binds.dataSource(group), location, environment, resources);
            }
        }
    }

    /** Where the tool looks for {@code group}'s migrations when the property does not say. */
    abstract String defaultLocation(String group);

    /** Runs the migrations at {@code location} on {@code primary}. */
    abstract void migrate(DataSource primary, String location, Environment environment, ResourceLoader resources) throws Exception;
}
