package dev.bindery.example.recipe;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;
import org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The control: read/write routing as Spring teams write it by hand today, the setup Spring's documentation gives for
 * spring-framework #21415. An {@link AbstractRoutingDataSource} keyed by
 * {@link TransactionSynchronizationManager#isCurrentTransactionReadOnly()} (or by a thread-local {@link RoutingKey}
 * that code sets to pin a node, like dynamic-datasource's {@code @DS}), behind a {@link LazyConnectionDataSourceProxy}
 * so that the key is read when the first statement needs a real connection, not when the transaction manager asks for
 * one. Its two pools are built here, not declared as beans, as in that recipe. Nothing of Bindery is involved.
 */
@Configuration(proxyBeanMethods = false)
public class ReadOnlyRoutingRecipe {

    /** The routing key of the primary pool. */
    public static final String PRIMARY = "primary";
    /** The routing key of the replica pool. */
    public static final String REPLICA = "replica";

    /** The hand-written key: an explicit pin, else the current transaction's read-only flag. */
    // tag::recipe-key[]
    static final class TransactionReadOnlyRouting extends AbstractRoutingDataSource {
        @Override
        protected Object determineCurrentLookupKey() {
            String pinned = RoutingKey.current();
            if (pinned != null) {
                return pinned;
            }
            return TransactionSynchronizationManager.isCurrentTransactionReadOnly() ? REPLICA : PRIMARY;
        }
    }
    // end::recipe-key[]

    /** The recipe's two pools, closed with the context. */
    public static final class Pools implements DisposableBean {
        final HikariDataSource primary;
        final HikariDataSource replica;

        Pools(Environment env) {
            primary = pool("recipe-primary", env.getRequiredProperty("recipe.primary-url"));
            replica = pool("recipe-replica", env.getRequiredProperty("recipe.replica-url"));
        }

        @Override
        public void destroy() {
            replica.close();
            primary.close();
        }

        private static HikariDataSource pool(String name, String url) {
            HikariConfig config = new HikariConfig();
            config.setPoolName(name);
            config.setJdbcUrl(url);
            config.setMaximumPoolSize(4);
            config.setMinimumIdle(0);
            config.setConnectionTimeout(1_000);       // a stopped replica fails a read in 1 s, not 30
            config.setInitializationFailTimeout(-1);  // start even if a node is down, as pools usually do
            return new HikariDataSource(config);
        }
    }

    @Bean
    Pools recipePools(Environment env) {
        return new Pools(env);
    }

    // tag::recipe-bean[]
    @Bean
    @Primary
    DataSource dataSource(Pools pools) {
        TransactionReadOnlyRouting routing = new TransactionReadOnlyRouting();
        routing.setTargetDataSources(Map.of(PRIMARY, pools.primary, REPLICA, pools.replica));
        routing.setDefaultTargetDataSource(pools.primary);
        routing.afterPropertiesSet();
        return new LazyConnectionDataSourceProxy(routing);
    }
    // end::recipe-bean[]
}
