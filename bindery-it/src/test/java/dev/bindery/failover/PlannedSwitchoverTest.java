package dev.bindery.failover;

import dev.bindery.BinderyException;
import dev.bindery.Binds;
import dev.bindery.PrimaryChangedException;
import dev.bindery.spi.Role;
import dev.bindery.status.BindState;
import dev.bindery.test.Node;
import dev.bindery.test.PostgresCluster;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A planned switchover under 4 writer and 4 reader threads: the primary is stopped cleanly, a replica promoted, and
 * the old primary comes back as its standby. Each write is a transaction of two rows, so a half-applied one would show
 * as a single row. Writes in flight at the switch fail with the retryable {@link PrimaryChangedException} (or, routed
 * while no member took writes, {@code BindUnavailableException}); none is half-applied, no acknowledged write is lost,
 * reads keep succeeding, and the old primary follows as a replica and gets no write.
 */
class PlannedSwitchoverTest {
    private static final Logger LOG = LoggerFactory.getLogger(PlannedSwitchoverTest.class);

    @Test
    void writesInFlightFailRetryablyAndNothingIsHalfApplied() throws Exception {
        try (PostgresCluster cluster = PostgresCluster.builder().name("switchover").replicas(2).start()) {
            FailoverFixture.createTable(cluster);
            Node old = cluster.primary();
            Node next = cluster.replica(1);
            try (Binds binds = FailoverFixture.binds(cluster, PromotionUnderLoadTest.INTERVAL_MS)) {
                binds.withWriteConnection(Binds.DEFAULT, c -> pair(c, 0));
                AtomicBoolean running = new AtomicBoolean(true);
                AtomicLong ids = new AtomicLong();
                ConcurrentLinkedQueue<long[]> acks = new ConcurrentLinkedQueue<>();   // {pair, port, nanoTime}
                Map<String, Long> failed = new ConcurrentHashMap<>();
                AtomicLong reads = new AtomicLong();
                AtomicLong failedReads = new AtomicLong();
                ExecutorService pool = Executors.newFixedThreadPool(8);
                List<Future<?>> work = new ArrayList<>();
                for (int w = 0; w < 4; w++) {
                    work.add(pool.submit(() -> {
                        while (running.get()) {
                            long id = ids.incrementAndGet();
                            try {
                                int port = binds.withWriteConnection(Binds.DEFAULT, c -> pair(c, id));
                                acks.add(new long[] {id, port, System.nanoTime()});
                            } catch (BinderyException | SQLException e) {
                                failed.merge(e.getClass().getSimpleName(), 1L, Long::sum);
                                Thread.sleep(5);
                            }
                        }
                        return null;
                    }));
                    work.add(pool.submit(FailoverFixture.reader(binds, running, reads, failedReads, ConcurrentHashMap.newKeySet())));
                }
                Thread.sleep(1000);
                long switchAt = System.nanoTime();
                cluster.switchover(next);
                long switched = System.nanoTime();
                long deadline = switched + TimeUnit.SECONDS.toNanos(20);
                while (acks.stream().noneMatch(a -> a[1] == next.port()) && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                Thread.sleep(1000);
                running.set(false);
                for (Future<?> f : work) {
                    f.get(30, TimeUnit.SECONDS);
                }
                pool.shutdown();

                long firstOnNext = acks.stream().filter(a -> a[1] == next.port()).mapToLong(a -> a[2]).min().orElse(-1);
                LOG.info("SWITCHOVER-FIGURES interval={}ms switchoverTook={}ms switchStartToFirstWriteOnNewPrimary={}ms "
                                + "switchDoneToFirstWrite={}ms acknowledgedWrites={} failedWrites={} reads={} failedReads={}",
                        PromotionUnderLoadTest.INTERVAL_MS, (switched - switchAt) / 1_000_000, (firstOnNext - switchAt) / 1_000_000,
                        (firstOnNext - switched) / 1_000_000, acks.size(), new TreeMap<>(failed), reads.get(), failedReads.get());

                assertThat(firstOnNext).as("writes resumed on the new primary").isPositive();
                assertThat(failed.keySet()).as("failed writes").isSubsetOf(Set.of("PrimaryChangedException", "BindUnavailableException"));
                assertThat(failedReads.get()).as("reads keep succeeding").isZero();
                assertThat(reads.get()).isPositive();
                assertThat(binds.groupStatus(Binds.DEFAULT).primary()).isEqualTo(next.name());
                assertThat(binds.groupStatus(Binds.DEFAULT).failovers()).isEqualTo(1);
                assertThat(binds.status(next.name()).role()).isEqualTo(Role.PRIMARY);

                Map<Long, Integer> rowsPerPair = pairs(cluster, next);
                assertThat(rowsPerPair.values()).as("no write is half-applied").allSatisfy(n -> assertThat(n).isEqualTo(2));
                assertThat(acks).as("no acknowledged write is lost")
                        .allSatisfy(a -> assertThat(rowsPerPair).containsKey(a[0]));
                assertThat(acks).as("once the switchover is done, only the new primary commits writes")
                        .allSatisfy(a -> assertThat(a[2] < switched || a[1] == next.port()).isTrue());

                // the old primary follows the new one as a replica: back in service for reads, never for writes
                deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (binds.status(Binds.DEFAULT).state() != BindState.UP && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(binds.status(Binds.DEFAULT).state()).isEqualTo(BindState.UP);
                assertThat(binds.status(Binds.DEFAULT).role()).isEqualTo(Role.REPLICA);
                assertThat(binds.status(Binds.DEFAULT).timeline()).isEqualTo(2);
                assertThat(binds.<Integer, RuntimeException>withWriteConnection(Binds.DEFAULT, c -> pair(c, 1_000_000)))
                        .isEqualTo(next.port());
                assertThat(old.port()).isNotEqualTo(next.port());
            }
        }
    }

    /** Inserts the two rows of pair {@code id} (ids 2·id and 2·id+1) and returns the server's port. */
    private static int pair(Connection c, long id) throws SQLException {
        int port = FailoverFixture.port(c);
        try (PreparedStatement p = c.prepareStatement("insert into w (id, writer, port) values (?, 0, ?)")) {
            for (long row : new long[] {2 * id, 2 * id + 1}) {
                p.setLong(1, row);
                p.setInt(2, port);
                p.executeUpdate();
            }
        }
        return port;
    }

    private static Map<Long, Integer> pairs(PostgresCluster cluster, Node node) throws SQLException {
        Map<Long, Integer> out = new TreeMap<>();
        try (Connection c = cluster.connect(node); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select id / 2, count(*) from w group by id / 2")) {
            while (rs.next()) {
                out.put(rs.getLong(1), rs.getInt(2));
            }
        }
        return out;
    }
}
