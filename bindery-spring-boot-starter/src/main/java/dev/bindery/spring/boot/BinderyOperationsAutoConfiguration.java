package dev.bindery.spring.boot;

import dev.bindery.Binds;
import dev.bindery.micrometer.BinderyMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bindery in Spring Boot's operations, each when the application has its module: a health contributor
 * {@code bindery} with one {@link BindHealthIndicator} per bind, the {@code bindery} endpoint
 * ({@link BinderyEndpoint}), Bindery's Micrometer meters ({@link BinderyMetrics}) and HikariCP's pool meters for every
 * bind ({@link BindPoolMetrics}).
 */
@AutoConfiguration(after = BinderyAutoConfiguration.class)
@ConditionalOnBean(Binds.class)
public class BinderyOperationsAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({HealthContributor.class, ConditionalOnEnabledHealthIndicator.class})
    @ConditionalOnEnabledHealthIndicator("bindery")
    static class Health {
        @Bean
        @ConditionalOnMissingBean(name = "binderyHealthContributor")
        HealthContributor binderyHealthContributor(Binds binds) {
            Map<String, HealthContributor> byBind = new LinkedHashMap<>();
            for (String key : binds.keys()) {
                byBind.put(key, new BindHealthIndicator(binds, key));
            }
            return CompositeHealthContributor.fromMap(byBind);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
    @ConditionalOnAvailableEndpoint(BinderyEndpoint.class)
    static class StatusEndpoint {
        @Bean
        @ConditionalOnMissingBean
        BinderyEndpoint binderyEndpoint(Binds binds) {
            return new BinderyEndpoint(binds);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({MeterRegistry.class, BinderyMetrics.class})
    static class Metrics {
        @Bean
        @ConditionalOnMissingBean
        BinderyMetrics binderyMetrics(Binds binds) {
            return new BinderyMetrics(binds);
        }
    }
}
