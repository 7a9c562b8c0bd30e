package dev.bindery.spring.boot.internal;

import dev.bindery.Binds;
import dev.bindery.hibernate.BindKey;
import dev.bindery.spring.TransactionRoutingDataSource;
import jakarta.persistence.Entity;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.Ordered;
import org.springframework.core.ResolvableType;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.orm.jpa.persistenceunit.ManagedClassNameFilter;
import org.springframework.orm.jpa.persistenceunit.PersistenceManagedTypes;
import org.springframework.orm.jpa.vendor.HibernateJpaVendorAdapter;
import org.springframework.util.ClassUtils;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import jakarta.persistence.EntityManagerFactory;

/**
 * Gives every group named by an entity's {@code @BindKey} (other than the default) its own JPA setup, with no
 * configuration by the application: a routing data source of that group, an {@code EntityManagerFactory} managing the
 * group's entities only, and a {@code JpaTransactionManager}, named {@code bindery.<group>.dataSource},
 * {@code bindery.<group>.entityManagerFactory} and {@code bindery.<group>.transactionManager} (not autowire candidates,
 * so the application's default ones stay the only ones injected by type). The default persistence unit leaves those
 * entities out, and the Spring Data repositories of those entities are pointed at their group's factory and
 * transaction manager.
 */
public final class BindKeyGroups implements BeanDefinitionRegistryPostProcessor, Ordered {
    private static final String[] MIGRATIONS = {"binderyGroupMigrations", "binderyGroupLiquibase"};   // Flyway, Liquibase
    private static final String REPOSITORY_FACTORY = "org.springframework.data.jpa.repository.support.JpaRepositoryFactoryBean";

    private final Function<ConfigurableListableBeanFactory, Map<String, Object>> jpaProperties;
    private final Duration window;
    private ConfigurableListableBeanFactory beanFactory;

    /**
     * @param jpaProperties the Hibernate properties of the application's default persistence unit (ddl-auto, naming,
     *                      spring.jpa.properties.*), read when a group's factory is created
     * @param window        the read-your-writes window of the groups' routing data sources
     */
    public BindKeyGroups(Function<ConfigurableListableBeanFactory, Map<String, Object>> jpaProperties, Duration window) {
        this.jpaProperties = jpaProperties;
        this.window = window;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 10;
    }

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
        if (!(registry instanceof ConfigurableListableBeanFactory bf) || !AutoConfigurationPackages.has(bf)) {
            return;
        }
        this.beanFactory = bf;
        Map<String, List<String>> byGroup = scan(AutoConfigurationPackages.get(bf), bf.getBeanClassLoader());
        if (byGroup.isEmpty()) {
            return;
        }
        List<String> grouped = byGroup.values().stream().flatMap(List::stream).toList();
        if (!registry.containsBeanDefinition("binderyManagedClassNameFilter")) {
            registry.registerBeanDefinition("binderyManagedClassNameFilter", definition(ManagedClassNameFilter.class,
                    () -> (ManagedClassNameFilter) name -> !grouped.contains(name), true));
        }
        byGroup.forEach((group, classes) -> register(registry, group, classes));
        pointRepositories(registry, bf.getBeanClassLoader(), byGroup);
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        // everything is registered above
    }

    /** The entity class names of each group other than the default, by group as {@code @BindKey} names it. */
    static Map<String, List<String>> scan(List<String> packages, ClassLoader loader) {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(Entity.class));
        Map<String, List<String>> out = new TreeMap<>();
        for (String p : packages) {
            for (BeanDefinition c : scanner.findCandidateComponents(p)) {
                Map<String, Object> key = ((AnnotatedBeanDefinition) c).getMetadata().getAnnotationAttributes(BindKey.class.getName());
                String group = key == null ? null : (String) key.get("value");
                if (group != null && !group.equals(Binds.DEFAULT)) {
                    out.computeIfAbsent(group, g -> new java.util.ArrayList<>()).add(c.getBeanClassName());
                }
            }
        }
        return out;
    }

    private void register(BeanDefinitionRegistry registry, String group, List<String> classes) {
        String ds = "bindery." + group + ".dataSource";
        String emf = "bindery." + group + ".entityManagerFactory";
        registry.registerBeanDefinition(ds, definition(TransactionRoutingDataSource.class, () -> {
            Binds binds = beanFactory.getBean(Binds.class);
            return TransactionRoutingDataSource.of(binds, binds.groupOf(group), true, window);
        }, false));
        RootBeanDefinition factory = definition(LocalContainerEntityManagerFactoryBean.class, () -> {
            TransactionRoutingDataSource dataSource = (TransactionRoutingDataSource) beanFactory.getBean(ds);
            LocalContainerEntityManagerFactoryBean f = new LocalContainerEntityManagerFactoryBean();
            f.setPersistenceUnitName(group);
            f.setDataSource(dataSource);
            f.setJpaVendorAdapter(new HibernateJpaVendorAdapter());
            RoutedEntityManagerFactories.route(f, dataSource);
            f.setManagedTypes(PersistenceManagedTypes.of(classes, List.of()));
            Map<String, Object> properties = new LinkedHashMap<>(jpaProperties.apply(beanFactory));
            properties.put("jakarta.persistence.nonJtaDataSource", dataSource);
            properties.put("hibernate.connection.handling_mode", "DELAYED_ACQUISITION_AND_RELEASE_AFTER_TRANSACTION");
            f.setJpaPropertyMap(properties);
            return f;
        }, false);
        String[] migrations = java.util.Arrays.stream(MIGRATIONS).filter(registry::containsBeanDefinition).toArray(String[]::new);
        if (migrations.length > 0) {
            factory.setDependsOn(migrations);         // the group's schema is migrated before its factory validates it
        }
        registry.registerBeanDefinition(emf, factory);
        registry.registerBeanDefinition("bindery." + group + ".transactionManager", definition(JpaTransactionManager.class, () -> {
            EntityManagerFactory entities = beanFactory.getBean(emf, EntityManagerFactory.class);
            JpaTransactionManager manager = new JpaTransactionManager(entities);
            manager.addListener(new ReadOnlyFlush(() -> entities));
            return manager;
        }, false));
    }

    /** Points each Spring Data repository of a group's entity at that group's factory and transaction manager. */
    private static void pointRepositories(BeanDefinitionRegistry registry, ClassLoader loader, Map<String, List<String>> byGroup) {
        if (!ClassUtils.isPresent(REPOSITORY_FACTORY, loader)) {
            return;
        }
        for (String name : registry.getBeanDefinitionNames()) {
            BeanDefinition d = registry.getBeanDefinition(name);
            if (!REPOSITORY_FACTORY.equals(d.getBeanClassName()) || d.getConstructorArgumentValues().getArgumentCount() == 0) {
                continue;
            }
            Object repository = d.getConstructorArgumentValues().getIndexedArgumentValues().values().iterator().next().getValue();
            String group = groupOf(repository, loader, byGroup);
            if (group != null) {
                RootBeanDefinition em = new RootBeanDefinition(SharedEntityManagerCreator.class.getName());
                em.setFactoryMethodName("createSharedEntityManager");
                em.getConstructorArgumentValues().addGenericArgumentValue(
                        new org.springframework.beans.factory.config.RuntimeBeanReference("bindery." + group + ".entityManagerFactory"));
                d.getPropertyValues().add("entityManager", em);
                d.getPropertyValues().add("transactionManager", "bindery." + group + ".transactionManager");
            }
        }
    }

    private static String groupOf(Object repository, ClassLoader loader, Map<String, List<String>> byGroup) {
        try {
            Class<?> type = repository instanceof Class<?> c ? c : ClassUtils.forName(String.valueOf(repository), loader);
            Class<?> domain = ResolvableType.forClass(type)
                    .as(ClassUtils.forName("org.springframework.data.repository.Repository", loader)).getGeneric(0).resolve();
            if (domain == null) {
                return null;
            }
            for (Map.Entry<String, List<String>> e : byGroup.entrySet()) {
                if (e.getValue().contains(domain.getName())) {
                    return e.getKey();
                }
            }
            return null;
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    private static <T> RootBeanDefinition definition(Class<T> type, java.util.function.Supplier<T> supplier, boolean candidate) {
        RootBeanDefinition d = new RootBeanDefinition(type, supplier);
        d.setAutowireCandidate(candidate);
        return d;
    }
}
