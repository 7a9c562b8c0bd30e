package dev.bindery;

import dev.bindery.spi.Access;
import dev.bindery.config.BuiltInBalancer;
import dev.bindery.spi.FailureKind;
import dev.bindery.status.BindState;
import dev.bindery.status.BindStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A replica whose pool is exhausted is busy, not dead: it stays UP, its pool is not evicted, the read runs once more
 * on another replica, and the saturation shows in the status. Each replica is its own H2 database holding its name,
 * so every read says where it went.
 */
class SaturatedReplicaTest {
    private Binds binds;

    @BeforeEach
    void setUp() throws SQLException {
        String primary = H2.url("sat-primary");
        String busy = H2.url("sat-busy");
        String free = H2.url("sat-free");
        binds = Binds.builder()
                .bind(Binds.DEFAULT, b -> b.url(primary).healthCheckInterval(Duration.ofMinutes(10)))
                .bind("busy", b -> b.url(busy).replicaOf(Binds.DEFAULT).poolSize(1).connectionTimeout(Duration.ofMillis(250)))
                .bind("free", b -> b.url(free).replicaOf(Binds.DEFAULT).poolSize(4).connectionTimeout(Duration.ofMillis(250)))
                .build();
        for (String key : binds.keys()) {
            try (Connection c = firstConnection(binds.dataSource(key).unwrap(javax.sql.DataSource.class));
                 Statement s = c.createStatement()) {
                s.execute("create table whoami(name varchar(20))");
                s.execute("insert into whoami values ('" + key + "')");
            }
        }
    }

    /**
     * The pools time out after 250 ms so that saturation shows quickly; on a loaded machine the very first connection
     * of a pool can take longer to open, which is not what these tests are about, so set-up waits for it (bounded).
     */
    private static Connection firstConnection(javax.sql.DataSource ds) throws SQLException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                return ds.getConnection();
            } catch (java.sql.SQLTransientConnectionException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
        }
    }

    @AfterEach
    void tearDown() {
        binds.close();
    }

    private static String whoami(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select name from whoami")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void aBusyReplicaIsNeverEjectedAndItsReadsRunOnceMoreElsewhere() throws Exception {
        Map<String, Integer> servedBy = new HashMap<>();
        try (Connection held = binds.dataSource("busy").getConnection()) {   // the busy replica's only connection
            for (int i = 0; i < 20; i++) {
                servedBy.merge(binds.withReadConnection(Binds.DEFAULT, SaturatedReplicaTest::whoami), 1, Integer::sum);
            }
            BindStatus busy = binds.status("busy");
            assertThat(busy.state()).isEqualTo(BindState.UP);
            assertThat(busy.ejections()).isZero();
            assertThat(busy.saturations()).isPositive();
            assertThat(busy.retries()).isEqualTo(busy.saturations());
            assertThat(busy.saturated()).isTrue();
            assertThat(busy.pool().total()).as("its pool was not evicted").isEqualTo(1);
            assertThat(whoami(held)).as("the held connection still works").isEqualTo("busy");
        }
        assertThat(servedBy).containsOnlyKeys("free").containsEntry("free", 20);
        assertThat(binds.status("free").retries()).isZero();
        assertThat(binds.status(Binds.DEFAULT).fallbacks()).isZero();
    }

    @Test
    void routingDataSourceReadsSkipABusyReplicaWithoutEjectingIt() throws Exception {
        RoutingDataSource ds = binds.routingDataSource();
        Map<String, Integer> servedBy = new HashMap<>();
        try (Connection held = binds.dataSource("busy").getConnection()) {
            for (int i = 0; i < 20; i++) {
                try (BindScope s = BindContext.readOnly(); Connection c = ds.getConnection()) {
                    servedBy.merge(whoami(c), 1, Integer::sum);
                }
            }
            assertThat(binds.status("busy").state()).isEqualTo(BindState.UP);
            assertThat(binds.status("busy").ejections()).isZero();
            assertThat(binds.status("busy").saturations()).isPositive();
        }
        assertThat(servedBy).containsOnlyKeys("free");
    }

    @Test
    void aPoolTimeoutWhileTheDatabaseIsReachableIsSaturationNotALostConnection() throws Exception {
        try (Connection held = binds.dataSource("busy").getConnection()) {
            assertThatThrownBy(() -> binds.dataSource("busy").getConnection())
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("Connection is not available, request timed out")
                    .satisfies(e -> assertThat(FailureKind.of(e)).isEqualTo(FailureKind.POOL_SATURATED));
        }
        assertThat(binds.status("busy").state()).isEqualTo(BindState.UP);
        assertThat(binds.status("busy").saturations()).isEqualTo(1);
    }

    @Test
    void whenEveryReplicaIsBusyReadsStillGoToAReplicaNotToThePrimary() throws Exception {
        try (Connection held = binds.dataSource("busy").getConnection()) {
            assertThatThrownBy(() -> binds.dataSource("busy").getConnection()).isInstanceOf(SQLException.class);
            Map<String, Integer> routed = new HashMap<>();
            binds.removeReplica("free");
            for (int i = 0; i < 10; i++) {
                routed.merge(binds.router().route(Binds.DEFAULT, Access.READ).bind(), 1, Integer::sum);
            }
            assertThat(routed).containsOnlyKeys("busy");
        }
    }

    @Test
    void leastBusyBalancingPrefersTheLessBusyReplica() throws Exception {
        String url = H2.url("least-busy");
        try (Binds lb = Binds.builder().bind(Binds.DEFAULT, b -> b.url(url).balancer(BuiltInBalancer.LEAST_BUSY))
                .bind("r1", b -> b.url(url).replicaOf(Binds.DEFAULT).poolSize(3))
                .bind("r2", b -> b.url(url).replicaOf(Binds.DEFAULT).poolSize(3)).build();
             Connection a = lb.dataSource("r1").getConnection();
             Connection b = lb.dataSource("r1").getConnection();
             Connection c = lb.dataSource("r2").getConnection()) {
            Map<String, Integer> routed = new HashMap<>();
            for (int i = 0; i < 50; i++) {
                routed.merge(lb.router().route(Binds.DEFAULT, Access.READ).bind(), 1, Integer::sum);
            }
            assertThat(routed).containsOnlyKeys("r2").containsEntry("r2", 50);
        }
    }
}
