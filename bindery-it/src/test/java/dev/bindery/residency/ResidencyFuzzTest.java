package dev.bindery.residency;

import dev.bindery.spi.Route;
import dev.bindery.BindContext;
import dev.bindery.BindScope;
import dev.bindery.Binds;
import dev.bindery.ResidencyRequiredException;
import dev.bindery.ResidencyViolationException;
import dev.bindery.RoutingDataSource;
import dev.bindery.test.ReplicatedDatabase;
import dev.bindery.test.PostgresCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Three real PostgreSQL servers in two regions: an EU primary with an EU replica and a US replica of it, and a US
 * primary. Ten thousand random operations through plain JDBC; afterwards each server is queried directly.
 */
class ResidencyFuzzTest {
    private static final Logger LOG = LoggerFactory.getLogger(ResidencyFuzzTest.class);
    private static final int OPERATIONS = 10_000;
    private static PostgresCluster euServers;
    private static PostgresCluster usServers;
    private static ReplicatedDatabase eu;
    private static ReplicatedDatabase us;
    private static Binds binds;
    private static final Map<String, AtomicInteger> routedReads = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws SQLException {
        euServers = PostgresCluster.builder().name("residency-eu").replicas(2).start();
        usServers = PostgresCluster.builder().name("residency-us").replicas(0).start();
        eu = euServers.createDatabase("shop");
        us = usServers.createDatabase("shop");
        for (ReplicatedDatabase c : new ReplicatedDatabase[]{eu, us}) {
            try (Connection conn = c.connect(c.primary()); Statement s = conn.createStatement()) {
                s.execute("create table customer (id int primary key, region text not null)");
            }
            c.awaitCaughtUp(Duration.ofSeconds(30));
        }
        binds = Binds.builder()
                .bind(Binds.DEFAULT, b -> b.url(us.jdbcUrl()).healthCheckInterval(Duration.ofMinutes(10)))
                .bind("users@eu", b -> b.url(eu.jdbcUrl()).healthCheckInterval(Duration.ofMinutes(10)))
                .bind("eu-replica", b -> b.url(eu.jdbcUrl(eu.replica(1))).replicaOf("users@eu").region("eu"))
                .bind("us-replica-of-eu", b -> b.url(eu.jdbcUrl(eu.replica(2))).replicaOf("users@eu").region("us"))
                .bind("users@us", b -> b.url(us.jdbcUrl()).healthCheckInterval(Duration.ofMinutes(10)))
                .onRoute(ResidencyFuzzTest::recordRead)
                .build();
    }

    private static void recordRead(Route r) {
        if (r.region() != null) {
            routedReads.computeIfAbsent(r.bind() + "/" + r.region(), k -> new AtomicInteger()).incrementAndGet();
        }
    }

    @AfterAll
    static void stop() {
        if (binds != null) {
            binds.close();
        }
        if (euServers != null) {
            euServers.close();
        }
        if (usServers != null) {
            usServers.close();
        }
    }

    private enum Op { WRITE, READ, EXPLICIT_OTHER_REGION, MISSING_REGION, BACKGROUND_WITH_CONTEXT, BACKGROUND_WITHOUT_CONTEXT }

    @Test
    void randomWorkNeverCrossesARegionAndEveryRefusalComesBeforeSql() throws Exception {
        RoutingDataSource ds = binds.routingDataSource();
        SplittableRandom random = new SplittableRandom(42);
        ExecutorService background = Executors.newFixedThreadPool(4);
        Map<Op, AtomicInteger> done = new ConcurrentHashMap<>();
        Map<Op, AtomicInteger> refused = new ConcurrentHashMap<>();
        int nextId = 0;
        try {
            for (int i = 0; i < OPERATIONS; i++) {
                Op op = Op.values()[random.nextInt(Op.values().length)];
                String region = random.nextBoolean() ? "eu" : "us";
                int id = nextId++;
                switch (op) {
                    case WRITE -> {
                        try (BindScope r = BindContext.region(region); BindScope g = BindContext.readOnly("users@" + region);
                             BindScope w = BindContext.use("users@" + region)) {
                            insert(ds, id, region);
                        }
                    }
                    case READ -> {
                        try (BindScope r = BindContext.region(region); BindScope g = BindContext.readOnly("users@" + region);
                             Connection c = ds.getConnection()) {
                            count(c);
                        }
                    }
                    case EXPLICIT_OTHER_REGION -> {
                        String other = region.equals("eu") ? (random.nextBoolean() ? "users@us" : "us-replica-of-eu") : "eu-replica";
                        try (BindScope r = BindContext.region(region); BindScope b = BindContext.use(other)) {
                            expectRefusedBeforeSql(ds, ResidencyViolationException.class);
                            refused.computeIfAbsent(op, k -> new AtomicInteger()).incrementAndGet();
                        }
                    }
                    case MISSING_REGION -> {
                        try (BindScope g = BindContext.readOnly("users")) {
                            expectRefusedBeforeSql(ds, ResidencyRequiredException.class);
                            refused.computeIfAbsent(op, k -> new AtomicInteger()).incrementAndGet();
                        }
                    }
                    case BACKGROUND_WITH_CONTEXT -> {
                        try (BindScope r = BindContext.region(region); BindScope w = BindContext.use("users@" + region)) {
                            background.submit(BindContext.wrap(() -> {
                                insert(ds, id, region);
                                return null;
                            })).get();
                        }
                    }
                    case BACKGROUND_WITHOUT_CONTEXT -> {
                        try (BindScope r = BindContext.region(region)) {
                            background.submit(() -> {
                                try (BindScope g = BindContext.readOnly("users")) {
                                    expectRefusedBeforeSql(ds, ResidencyRequiredException.class);
                                }
                                return null;
                            }).get();
                            refused.computeIfAbsent(op, k -> new AtomicInteger()).incrementAndGet();
                        }
                    }
                }
                done.computeIfAbsent(op, k -> new AtomicInteger()).incrementAndGet();
            }
        } finally {
            background.shutdown();
        }
        eu.awaitCaughtUp(Duration.ofSeconds(30));

        long euRowsOnUs = countWhere(us, "region = 'eu'");
        long usRowsOnEu = countWhere(eu, "region = 'us'");
        long euRows = countWhere(eu, "region = 'eu'");
        long usRows = countWhere(us, "region = 'us'");
        int euReadsOnUsReplica = routedReads.getOrDefault("us-replica-of-eu/eu", new AtomicInteger()).get();
        LOG.info("residency fuzz: {} operations {}; refused {}; rows: eu {} (on us servers {}), us {} (on eu servers {}); "
                        + "reads of eu data on the US replica of the EU primary: {}; routed {}; refusals by region {}",
                OPERATIONS, done, refused, euRows, euRowsOnUs, usRows, usRowsOnEu, euReadsOnUsReplica, routedReads,
                binds.router().residencyRefusals());
        assertThat(euRowsOnUs).isZero();
        assertThat(usRowsOnEu).isZero();
        assertThat(euRows + usRows).isEqualTo(done.get(Op.WRITE).get() + done.get(Op.BACKGROUND_WITH_CONTEXT).get());
        assertThat(euReadsOnUsReplica).isZero();
        for (String key : binds.keys()) {
            assertThat(binds.poolStats(key).active()).as(key).isZero();
        }
    }

    @Test
    void theUsReplicaOfTheEuPrimaryStillServesNonResidentReads() throws Exception {
        for (int i = 0; i < 20; i++) {
            try (BindScope g = BindContext.readOnly("users@eu"); Connection c = binds.routingDataSource().getConnection();
                 Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select inet_server_port()")) {
                rs.next();
                if (rs.getInt(1) == eu.replica(2).port()) {
                    return;
                }
            }
        }
        fail("non-resident reads never reached the US replica of the EU primary");
    }

    private static void expectRefusedBeforeSql(RoutingDataSource ds, Class<? extends RuntimeException> expected) throws SQLException {
        Connection c;
        try {
            c = ds.getConnection();
        } catch (RuntimeException e) {
            assertThat(e).isInstanceOf(expected);
            return;
        }
        c.close();
        fail("expected " + expected.getSimpleName() + " before any connection was taken");
    }

    private static void insert(RoutingDataSource ds, int id, String region) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("insert into customer values (?, ?)")) {
            ps.setInt(1, id);
            ps.setString(2, region);
            ps.executeUpdate();
        }
    }

    private static long count(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) from customer")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long countWhere(ReplicatedDatabase cluster, String where) throws SQLException {
        long total = 0;
        for (var node : cluster.nodes()) {
            try (Connection c = cluster.connect(node); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select count(*) from customer where " + where)) {
                rs.next();
                total = node.isPrimary() ? rs.getLong(1) : total;
            }
        }
        return total;
    }
}
