package dev.bindery.spring.boot.internal;

import dev.bindery.Binds;
import dev.bindery.hibernate.BinderyPersistenceProvider;
import dev.bindery.spring.TransactionRoutingDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

/**
 * Makes every {@code EntityManagerFactory} over a {@link TransactionRoutingDataSource} Bindery's routed factory
 * (bindery-hibernate's {@link BinderyPersistenceProvider}): its sessions follow the route the data source gives each
 * Spring transaction, set Hibernate's second-level cache modes from it, and keep the snapshots of entities loaded
 * read-only, so a change to one is written to the primary or refused, never dropped. Applies to the factory Spring
 * Boot configures and to each group's; a factory with a provider of its own is left alone.
 */
public final class RoutedEntityManagerFactories implements BeanPostProcessor {
    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof LocalContainerEntityManagerFactoryBean f && f.getPersistenceProvider() == null
                && f.getDataSource() instanceof TransactionRoutingDataSource dataSource) {
            route(f, dataSource);
        }
        return bean;
    }

    /** Gives {@code factory} Bindery's routed provider over {@code dataSource}'s connections for entities. */
    static void route(LocalContainerEntityManagerFactoryBean factory, TransactionRoutingDataSource dataSource) {
        String group = dataSource.group() == null ? Binds.DEFAULT : dataSource.group();
        factory.setPersistenceProvider(new BinderyPersistenceProvider(dataSource.binds(), group,
                new TransactionConnections(dataSource.forEntities())));
    }
}
