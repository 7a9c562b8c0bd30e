package dev.bindery.spring.boot;

import dev.bindery.Binds;
import liquibase.integration.spring.SpringLiquibase;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

import javax.sql.DataSource;

/**
 * Liquibase for the groups other than the default (whose change log is Spring Boot's own, {@code spring.liquibase.*},
 * on the routing data source, which serves it from the default primary): each group's change log, at
 * {@code bindery.liquibase.change-log.<group>} (default {@code classpath:db/changelog/<group>.yaml}), runs against that
 * group's primary bind's own pool at start-up, never a replica, before its {@code EntityManagerFactory} starts. A group
 * without such a change log is left alone; a change log that fails stops start-up with Liquibase's exception.
 */
public final class GroupLiquibase extends GroupMigration {
    /** The bean name; each group's {@code EntityManagerFactory} depends on it. */
    public static final String BEAN_NAME = "binderyGroupLiquibase";

    public GroupLiquibase(Binds binds, Environment environment, ResourceLoader resources) {
        super(binds, environment, resources, "bindery.liquibase.change-log");
    }

    @Override
    String defaultLocation(String group) {
        return "classpath:db/changelog/" + group + ".yaml";
    }

    @Override
    void migrate(DataSource primary, String changeLog, Environment environment, ResourceLoader resources) throws Exception {
        SpringLiquibase liquibase = new SpringLiquibase();
        liquibase.setDataSource(primary);
        liquibase.setChangeLog(changeLog);
        liquibase.setResourceLoader(resources);
        liquibase.setContexts(environment.getProperty("spring.liquibase.contexts"));
        liquibase.afterPropertiesSet();
    }
}
