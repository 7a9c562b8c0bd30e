package dev.bindery.spring.boot;

import dev.bindery.Binds;
import dev.bindery.config.BindOption;
import dev.bindery.spi.PoolListener;
import dev.bindery.spi.RouteListener;
import dev.bindery.spring.BindContextTaskDecorator;
import dev.bindery.spring.ReadYourWritesFilter;
import dev.bindery.spring.TransactionRoutingDataSource;
import dev.bindery.spring.UseBindAdvisor;
import dev.bindery.spring.boot.internal.BindsFromProperties;
import dev.bindery.spring.boot.internal.RoutedEntityManagerFactories;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.core.task.TaskDecorator;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Bindery's auto-configuration: {@link Binds} from the {@code bindery.*} properties (validated by Bindery; a bad
 * configuration stops start-up through {@link BindConfigFailureAnalyzer}), the {@code @Primary}
 * {@link TransactionRoutingDataSource} that {@code JdbcTemplate}, jOOQ and Spring Data JPA use unchanged, the
 * {@code @UseBind} advisor, the task decorator that carries the bind context into the auto-configured executors, and
 * in a servlet web application the read-your-writes filter.
 */
@AutoConfiguration(before = DataSourceAutoConfiguration.class)
@EnableConfigurationProperties(BinderyProperties.class)
public class BinderyAutoConfiguration {
    private static final Set<String> OPTION_NAMES = Arrays.stream(BindOption.values()).map(BindOption::optionName)
            .collect(Collectors.toUnmodifiableSet());

    /** The binds, built from the properties (with the context's {@link RouteListener} beans) and closed with the context. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public Binds binds(BinderyProperties properties, Environment environment, ObjectProvider<RouteListener> listeners,
                       ObjectProvider<PoolListener> poolListeners) {
        Map<String, Map<String, Object>> named = new LinkedHashMap<>();
        properties.getBinds().forEach((key, bind) -> named.put(key, bind.options()));
        return BindsFromProperties.build(BindsFromProperties.configMap(properties.options(), properties.getTokenKeys(), named,
                environment, OPTION_NAMES), listeners.orderedStream().toList(), poolListeners.orderedStream().toList());
    }

    /** The routing data source of the application, routed at each transaction's first statement. */
    @Bean
    @Primary
    @ConditionalOnMissingBean(TransactionRoutingDataSource.class)
    public TransactionRoutingDataSource dataSource(Binds binds, BinderyProperties properties) {
        return TransactionRoutingDataSource.of(binds, null, false, properties.getWeb().getWindow());
    }

    /** HikariCP's meters for every bind's pool, once a Micrometer registry exists. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    static class PoolMetrics {
        @Bean
        @ConditionalOnMissingBean
        BindPoolMetrics binderyPoolMetrics() {
            return new BindPoolMetrics();
        }
    }

    /** Runs {@code @UseBind} methods in their bind's context, before the transaction interceptor. */
    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    @ConditionalOnMissingBean
    public static UseBindAdvisor binderyUseBindAdvisor() {
        return new UseBindAdvisor();
    }

    /** Carries the bind context into the executors Spring Boot configures ({@code @Async}, virtual threads too). */
    @Bean
    @ConditionalOnMissingBean(TaskDecorator.class)
    public BindContextTaskDecorator binderyTaskDecorator() {
        return new BindContextTaskDecorator();
    }

    /**
     * Hibernate (Spring Data JPA) on the routing data source: the {@code EntityManagerFactory} is Bindery's routed
     * factory, following the route of each Spring transaction; work outside a transaction (lazy loading in an open
     * view) counts as a read, and each transaction takes its own connection, so each is routed on its own.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HibernatePropertiesCustomizer.class)
    static class HibernateRouting {
        @Bean
        @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
        static RoutedEntityManagerFactories binderyRoutedEntityManagerFactories() {
            return new RoutedEntityManagerFactories();
        }

        @Bean
        HibernatePropertiesCustomizer binderyHibernateRouting(TransactionRoutingDataSource dataSource) {
            TransactionRoutingDataSource entities = dataSource.forEntities();
            return properties -> {
                properties.put("jakarta.persistence.nonJtaDataSource", entities);
                properties.put("hibernate.connection.handling_mode", "DELAYED_ACQUISITION_AND_RELEASE_AFTER_TRANSACTION");
            };
        }
    }

    /** The read-your-writes filter, early in the chain, in a servlet web application. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(FilterRegistrationBean.class)
    @ConditionalOnProperty(prefix = "bindery.web", name = "read-your-writes", havingValue = "true", matchIfMissing = true)
    static class ReadYourWritesWeb {
        @Bean
        FilterRegistrationBean<ReadYourWritesFilter> binderyReadYourWritesFilter(Binds binds, BinderyProperties properties) {
            BinderyProperties.Web web = properties.getWeb();
            FilterRegistrationBean<ReadYourWritesFilter> r = new FilterRegistrationBean<>(
                    new ReadYourWritesFilter(binds, web.getCookieName(), web.getWindow(), web.isSecureCookie()));
            r.setName("binderyReadYourWritesFilter");
            r.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
            return r;
        }
    }
}
