package dev.bindery.groups;

import dev.bindery.BindContext;
import dev.bindery.BindScope;
import dev.bindery.status.BindState;
import dev.bindery.status.BindStatus;
import dev.bindery.Binds;
import dev.bindery.test.ReplicatedDatabase;
import dev.bindery.test.PostgresReplication;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replica whose pool (of 1) is held busy while 4 readers run is load, not death: it is never ejected, its pool is
 * not evicted, and the reads that timed out on it run once more on the other replica.
 */
@PostgresReplication(replicas = 2)
class BusyReplicaTest {
    private static final Logger LOG = LoggerFactory.getLogger(BusyReplicaTest.class);

    private static Binds binds(ReplicatedDatabase cluster, dev.bindery.config.BuiltInBalancer balancing) {
        return Binds.builder()
                .bind(Binds.DEFAULT, o -> o.url(cluster.jdbcUrl()).poolSize(4).balancer(balancing)
                        .healthCheckInterval(Duration.ofMillis(200)).healthCheckTimeout(Duration.ofMillis(500)))
                .bind("replica-1", o -> o.url(cluster.jdbcUrl(cluster.replica(1))).replicaOf(Binds.DEFAULT).poolSize(1)
                        .connectionTimeout(Duration.ofMillis(250)))
                .bind("replica-2", o -> o.url(cluster.jdbcUrl(cluster.replica(2))).replicaOf(Binds.DEFAULT).poolSize(8)
                        .connectionTimeout(Duration.ofSeconds(2)))
                .build();
    }

    /** Runs 4 readers for {@code millis} on both paths (withReadConnection and RoutingDataSource), counting by port. */
    private static Map<Integer, Integer> readFor(Binds binds, long millis, AtomicInteger failures) throws Exception {
        Map<Integer, Integer> byPort = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService readers = Executors.newFixedThreadPool(4);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            boolean viaDataSource = t % 2 == 1;
            futures.add(readers.submit(() -> {
                while (running.get()) {
                    try {
                        int port;
                        if (viaDataSource) {
                            try (BindScope s = BindContext.readOnly(); Connection c = binds.routingDataSource().getConnection()) {
                                port = ClusterBinds.serverPort(c);
                            }
                        } else {
                            port = binds.withReadConnection(Binds.DEFAULT, ClusterBinds::serverPort);
                        }
                        byPort.merge(port, 1, Integer::sum);
                    } catch (Exception e) {
                        failures.incrementAndGet();
                        LOG.warn("read failed", e);
                    }
                }
                return null;
            }));
        }
        Thread.sleep(millis);
        running.set(false);
        for (Future<?> f : futures) {
            f.get();
        }
        readers.shutdown();
        return byPort;
    }

    @Test
    void aReplicaWhosePoolIsHeldBusyIsNeverEjectedAndItsReadsGoToTheOtherReplica(ReplicatedDatabase cluster) throws Exception {
        try (Binds binds = binds(cluster, dev.bindery.config.BuiltInBalancer.ROUND_ROBIN)) {
            AtomicInteger failures = new AtomicInteger();
            Map<Integer, Integer> byPort;
            try (Connection held = binds.dataSource("replica-1").getConnection()) {   // replica-1's only connection
                byPort = readFor(binds, 2_000, failures);
                assertThat(held.isValid(1)).as("the held connection was not evicted").isTrue();
            }
            BindStatus busy = binds.status("replica-1");
            LOG.info("busy replica: {} reads by port {}, {} failed; replica-1 state {}, saturations {}, retries {}, ejections {}; "
                            + "replica-2 reads {}, primary reads {}", byPort.values().stream().mapToInt(i -> i).sum(), byPort,
                    failures.get(), busy.state(), busy.saturations(), busy.retries(), busy.ejections(),
                    binds.status("replica-2").reads(), binds.status(Binds.DEFAULT).reads());
            assertThat(failures.get()).isZero();
            assertThat(busy.state()).isEqualTo(BindState.UP);
            assertThat(busy.ejections()).isZero();
            assertThat(busy.saturations()).isPositive();
            assertThat(busy.retries()).isEqualTo(busy.saturations());
            assertThat(byPort).containsOnlyKeys(cluster.replica(2).port());
            assertThat(binds.status(Binds.DEFAULT).fallbacks()).isZero();
            assertThat(binds.poolStats("replica-1").total()).as("its pool kept its connection").isEqualTo(1);
            try (Connection c = binds.dataSource("replica-1").getConnection()) {
                assertThat(ClusterBinds.serverPort(c)).as("the busy replica serves again once free").isEqualTo(cluster.replica(1).port());
            }
        }
    }

    @Test
    void leastBusyBalancingSendsReadsAwayFromABusyReplica(ReplicatedDatabase cluster) throws Exception {
        try (Binds binds = binds(cluster, dev.bindery.config.BuiltInBalancer.LEAST_BUSY)) {
            AtomicInteger failures = new AtomicInteger();
            Map<Integer, Integer> byPort;
            try (Connection held = binds.dataSource("replica-1").getConnection()) {
                byPort = readFor(binds, 1_000, failures);
            }
            BindStatus busy = binds.status("replica-1");
            LOG.info("least-busy: reads by port {}, {} failed; replica-1 saturations {}, ejections {}", byPort, failures.get(),
                    busy.saturations(), busy.ejections());
            assertThat(failures.get()).isZero();
            assertThat(busy.ejections()).isZero();
            assertThat(busy.state()).isEqualTo(BindState.UP);
            assertThat(byPort).containsOnlyKeys(cluster.replica(2).port());
        }
    }
}
