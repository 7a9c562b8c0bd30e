package dev.bindery.spring.boot;

import dev.bindery.Binds;
import dev.bindery.hibernate.BindKey;
import dev.bindery.spring.TransactionRoutingDataSource;
import dev.bindery.spring.boot.internal.BindKeyGroups;
import dev.bindery.spring.boot.internal.ReadOnlyFlush;
import jakarta.persistence.EntityManagerFactory;
import org.springframework.beans.factory.ObjectProvider;
import jakarta.persistence.Entity;
import liquibase.integration.spring.SpringLiquibase;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.flywaydb.core.Flyway;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.hibernate.autoconfigure.HibernateProperties;
import org.springframework.boot.hibernate.autoconfigure.HibernateSettings;
import org.springframework.boot.jpa.autoconfigure.JpaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.env.Environment;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

import java.time.Duration;
import java.util.Map;

/**
 * Groups of {@code @BindKey} entities in Spring Data JPA, by configuration alone: each group other than the default
 * gets its own {@code EntityManagerFactory} ({@code bindery.<group>.entityManagerFactory}) and transaction manager
 * ({@code bindery.<group>.transactionManager}) over a routing data source of the group, and the repositories of its
 * entities use them. The Hibernate properties are the application's ({@code spring.jpa.*}); {@code ddl-auto} is
 * {@code none} unless set.
 */
@AutoConfiguration(after = BinderyAutoConfiguration.class, before = HibernateJpaAutoConfiguration.class)
@ConditionalOnClass({LocalContainerEntityManagerFactoryBean.class, HibernateProperties.class, JpaProperties.class, BindKey.class,
        Entity.class})
public class BinderyJpaAutoConfiguration {

    /** Runs the Flyway migrations of each group other than the default on that group's primary. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Flyway.class)
    @ConditionalOnProperty(prefix = "spring.flyway", name = "enabled", havingValue = "true", matchIfMissing = true)
    static class Migrations {
        @Bean(GroupMigrations.BEAN_NAME)
        GroupMigrations binderyGroupMigrations(Binds binds, Environment environment, ResourceLoader resources) {
            return new GroupMigrations(binds, environment, resources);
        }
    }

    /** Runs the Liquibase change log of each group other than the default on that group's primary. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(SpringLiquibase.class)
    @ConditionalOnProperty(prefix = "spring.liquibase", name = "enabled", havingValue = "true", matchIfMissing = true)
    static class LiquibaseMigrations {
        @Bean(GroupLiquibase.BEAN_NAME)
        GroupLiquibase binderyGroupLiquibase(Binds binds, Environment environment, ResourceLoader resources) {
            return new GroupLiquibase(binds, environment, resources);
        }
    }

    /** Flushes read-only transactions of the application's factory before they commit (Spring Boot adds it to its manager). */
    @Bean
    ReadOnlyFlush binderyReadOnlyFlush(ObjectProvider<EntityManagerFactory> factory) {
        return new ReadOnlyFlush(factory::getIfUnique);
    }

    /** Registers each group's JPA setup and points its repositories at it. */
    @Bean
    static BindKeyGroups binderyBindKeyGroups(Environment environment) {
        Duration window = Binder.get(environment).bind("bindery.web.window", Duration.class)
                .orElse(TransactionRoutingDataSource.DEFAULT_WINDOW);
        return new BindKeyGroups(BinderyJpaAutoConfiguration::hibernateProperties, window);
    }

    private static Map<String, Object> hibernateProperties(ConfigurableListableBeanFactory beanFactory) {
        JpaProperties jpa = beanFactory.getBean(JpaProperties.class);
        HibernateProperties hibernate = beanFactory.getBean(HibernateProperties.class);
        return hibernate.determineHibernateProperties(jpa.getProperties(), new HibernateSettings().ddlAuto(() -> "none"));
    }
}
