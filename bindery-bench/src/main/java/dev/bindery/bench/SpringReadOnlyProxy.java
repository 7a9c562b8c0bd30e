package dev.bindery.bench;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;

/**
 * Spring's way to send read-only work to a replica (spring-jdbc 6.1.2+): a {@link LazyConnectionDataSourceProxy}
 * over the primary pool with the replica pool as its read-only data source. It picks the replica when
 * {@code setReadOnly(true)} is called before the first statement, as a read-only transaction does.
 */
@State(Scope.Benchmark)
public class SpringReadOnlyProxy {

    DataSource dataSource;

    @Setup(Level.Trial)
    public void createProxy(SharedDatabase db) throws SQLException {
        LazyConnectionDataSourceProxy proxy = new LazyConnectionDataSourceProxy(db.primary);
        proxy.setReadOnlyDataSource(db.replica);
        proxy.afterPropertiesSet();
        dataSource = proxy;
        RouteCheck.readReaches("spring", dataSource::getConnection, true, db.replica, db.primary);
    }
}
