package dev.bindery.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.bindery.BindContext;
import dev.bindery.BindScope;
import dev.bindery.Binds;
import dev.bindery.RoutingDataSource;
import java.sql.SQLException;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Bindery over the shared database: a default bind and a replica of it, both on {@link SharedDatabase#URL} with
 * pools of {@value SharedDatabase#POOL_SIZE} connections, and the {@link RoutingDataSource} over them. Bindery starts
 * its own HikariCP pools (one per bind), configured like the shared ones.
 */
@State(Scope.Benchmark)
public class BinderyRouting {

    /** The replica bind's key. */
    static final String REPLICA = "replica";

    Binds binds;
    RoutingDataSource dataSource;

    @Setup(Level.Trial)
    public void createBinds(SharedDatabase db) throws SQLException {
        // db is a parameter so that the schema exists before the binds connect: same URL, same in-memory database.
        binds = Binds.builder()
                .bind(Binds.DEFAULT, b -> b.url(SharedDatabase.URL).username("sa").poolSize(SharedDatabase.POOL_SIZE))
                .bind(REPLICA, b -> b.url(SharedDatabase.URL).username("sa").poolSize(SharedDatabase.POOL_SIZE)
                        .replicaOf(Binds.DEFAULT))
                .build();
        dataSource = binds.routingDataSource();
        // Start both pools, then check each variant routes where it claims to.
        binds.dataSource(Binds.DEFAULT).getConnection().close();
        binds.dataSource(REPLICA).getConnection().close();
        HikariDataSource primaryPool = pool(Binds.DEFAULT);
        HikariDataSource replicaPool = pool(REPLICA);
        RouteCheck.readReaches("bindery default", dataSource::getConnection, false, primaryPool, replicaPool);
        try (BindScope s = BindContext.use(REPLICA)) {
            RouteCheck.readReaches("bindery explicit bind", dataSource::getConnection, false, replicaPool, primaryPool);
        }
        try (BindScope s = BindContext.readOnly()) {
            RouteCheck.readReaches("bindery read-only", dataSource::getConnection, false, replicaPool, primaryPool);
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        binds.close();
    }

    private HikariDataSource pool(String key) throws SQLException {
        return binds.dataSource(key).unwrap(HikariDataSource.class);
    }
}
