package dev.bindery.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.bindery.hibernate.BinderyPersistenceProvider;
import jakarta.persistence.EntityManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;
import org.springframework.orm.jpa.EntityManagerFactoryInfo;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One Spring Boot application (no web server) with Spring Data JPA over {@link Item}, started three ways for
 * {@link PairedSpringData}: with the Bindery starter, with the hand-written recipe as its DataSource, or with one bind's
 * pool as a plain DataSource. Everything but the DataSource is Spring Boot's auto-configuration, the same in all three.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
@EntityScan(basePackageClasses = Item.class)
@EnableJpaRepositories(basePackageClasses = ItemRepository.class)
class SpringDataApp {
    private static final String IMPORTS = "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports";

    final ConfigurableApplicationContext context;
    final ItemRepository items;

    private SpringDataApp(ConfigurableApplicationContext context) {
        this.context = context;
        this.items = context.getBean(ItemRepository.class);
    }

    /** The application with {@code dataSource} as its only DataSource and Bindery's auto-configurations excluded. */
    static SpringDataApp with(String name, DataSource dataSource) {
        Map<String, Object> properties = common(name);
        properties.put("spring.autoconfigure.exclude", String.join(",", binderyAutoConfigurations()));
        return new SpringDataApp(builder(properties)
                .initializers(c -> c.getBeanFactory().registerSingleton("dataSource", dataSource)).run());
    }

    /** The application configured by {@code properties} alone (the starter's {@code bindery.*}). */
    static SpringDataApp configured(String name, Map<String, Object> properties) {
        Map<String, Object> all = common(name);
        all.putAll(properties);
        return new SpringDataApp(builder(all).run());
    }

    private static SpringApplicationBuilder builder(Map<String, Object> properties) {
        return new SpringApplicationBuilder(SpringDataApp.class).web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF).logStartupInfo(false).properties(properties);
    }

    private static Map<String, Object> common(String name) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("spring.application.name", name);
        p.put("spring.jmx.enabled", "false");
        p.put("spring.jpa.hibernate.ddl-auto", "none");
        p.put("spring.jpa.open-in-view", "false");
        p.put("spring.sql.init.mode", "never");
        return p;
    }

    /** A read-only transaction, for route checks around a find. */
    TransactionTemplate readOnlyTransaction() {
        TransactionTemplate t = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
        t.setReadOnly(true);
        return t;
    }

    /**
     * Fails the run unless a {@code findById} in a read-only transaction holds a connection of {@code expected} and
     * none of {@code other} while it runs.
     */
    void checkReadReaches(String variant, HikariDataSource expected, HikariDataSource other) {
        readOnlyTransaction().executeWithoutResult(status -> {
            if (items.findById(1).isEmpty()) {
                throw new IllegalStateException(variant + ": no item 1");
            }
            int onExpected = expected.getHikariPoolMXBean().getActiveConnections();
            int onOther = other.getHikariPoolMXBean().getActiveConnections();
            if (onExpected != 1 || onOther != 0) {
                throw new IllegalStateException(variant + ": a read-only findById should hold one connection of pool '"
                        + expected.getPoolName() + "' and none of '" + other.getPoolName() + "', but held " + onExpected
                        + " and " + onOther + "; the variant is not routing as configured");
            }
        });
    }

    /**
     * Fails the run unless this application's {@code EntityManagerFactory} is bindery-hibernate's routed factory
     * ({@code routed}: what the starter builds) or Hibernate's own ({@code !routed}: the recipe and plain Spring).
     */
    void checkFactory(String variant, boolean routed) {
        EntityManagerFactory emf = ((EntityManagerFactoryInfo) context.getBean(EntityManagerFactory.class))
                .getNativeEntityManagerFactory();
        boolean isRouted;
        try {
            BinderyPersistenceProvider.binds(emf);
            isRouted = true;
        } catch (IllegalArgumentException notBindery) {
            isRouted = false;
        }
        if (isRouted != routed) {
            throw new IllegalStateException(variant + ": its EntityManagerFactory should " + (routed ? "" : "not ")
                    + "be Bindery's routed factory, but is " + emf.getClass().getName());
        }
    }

    static HikariDataSource pool(DataSource dataSource) {
        try {
            return dataSource.unwrap(HikariDataSource.class);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    void close() {
        context.close();
    }

    /** Every Bindery auto-configuration on the class path. */
    static List<String> binderyAutoConfigurations() {
        List<String> names = new ArrayList<>();
        try {
            for (URL url : Collections.list(SpringDataApp.class.getClassLoader().getResources(IMPORTS))) {
                try (InputStream in = url.openStream()) {
                    for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                        if (line.strip().startsWith("dev.bindery.")) {
                            names.add(line.strip());
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }
}
