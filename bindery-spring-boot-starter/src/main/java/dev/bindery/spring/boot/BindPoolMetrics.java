package dev.bindery.spring.boot;

import com.zaxxer.hikari.HikariDataSource;
import dev.bindery.spi.PoolListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * HikariCP's own pool meters ({@code hikaricp.connections.*}, tagged {@code pool=bindery-<key>}) for every bind's pool,
 * which Spring Boot cannot see because the pools are not beans: each pool gets the registry when it starts (pools
 * start on first use), or when the registry is bound if it started before.
 */
public final class BindPoolMetrics implements PoolListener, MeterBinder {
    private final List<DataSource> started = new ArrayList<>();
    private MeterRegistry registry;

    @Override
    public synchronized void poolStarted(String key, DataSource dataSource) {
        started.add(dataSource);
        if (registry != null) {
            attach(dataSource, registry);
        }
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        if (this.registry == null) {
            this.registry = registry;
            started.forEach(ds -> attach(ds, registry));
        }
    }

    private static void attach(DataSource dataSource, MeterRegistry registry) {
        try {
            HikariDataSource hikari = dataSource.unwrap(HikariDataSource.class);
            if (hikari.getMetricRegistry() == null && hikari.getMetricsTrackerFactory() == null) {
                hikari.setMetricRegistry(registry);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot reach the HikariCP pool of " + dataSource, e);
        }
    }
}
