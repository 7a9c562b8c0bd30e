package dev.bindery.residency;

import dev.bindery.spi.Route;
import dev.bindery.BindContext;
import dev.bindery.BindScope;
import dev.bindery.Binds;
import dev.bindery.ResidencyRequiredException;
import dev.bindery.ResidencyViolationException;
import dev.bindery.hibernate.Database;
import dev.bindery.hibernate.RoutingSession;
import dev.bindery.hibernate.SessionOptions;
import dev.bindery.residency.model.Country;
import dev.bindery.residency.model.Customer;
import dev.bindery.test.ReplicatedDatabase;
import dev.bindery.test.PostgresCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Residency through Hibernate sessions on three real PostgreSQL servers: an EU primary with an EU replica and a US
 * replica of it, and a US primary. Ten thousand random operations, then each server is queried directly.
 */
class ResidencySessionFuzzTest {
    private static final Logger LOG = LoggerFactory.getLogger(ResidencySessionFuzzTest.class);
    private static final int OPERATIONS = Integer.getInteger("bindery.residency.operations", 10_000);
    private static PostgresCluster euServers;
    private static PostgresCluster usServers;
    private static ReplicatedDatabase eu;
    private static ReplicatedDatabase us;
    private static Binds binds;
    private static Database db;
    private static final Map<String, AtomicInteger> residentRoutes = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> referenceRoutes = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() {
        euServers = PostgresCluster.builder().name("sessions-eu").replicas(2).start();
        usServers = PostgresCluster.builder().name("sessions-us").replicas(0).start();
        eu = euServers.createDatabase("shop");
        us = usServers.createDatabase("shop");
        binds = Binds.builder()
                .bind(Binds.DEFAULT, b -> b.url(eu.jdbcUrl()).region("eu"))
                .bind("reference-replica-eu", b -> b.url(eu.jdbcUrl(eu.replica(1))).replicaOf(Binds.DEFAULT).region("eu"))
                .bind("reference-replica-us", b -> b.url(eu.jdbcUrl(eu.replica(2))).replicaOf(Binds.DEFAULT).region("us"))
                .bind("users@eu", b -> b.url(eu.jdbcUrl()))
                .bind("eu-replica", b -> b.url(eu.jdbcUrl(eu.replica(1))).replicaOf("users@eu").region("eu"))
                .bind("us-replica-of-eu", b -> b.url(eu.jdbcUrl(eu.replica(2))).replicaOf("users@eu").region("us"))
                .bind("users@us", b -> b.url(us.jdbcUrl()))
                .build();
        db = Database.builder(binds).entities(Customer.class, Country.class)
                .onRoute(ResidencySessionFuzzTest::record).build();
        db.createAll();
        db.inTransaction(s -> {
            s.persist(new Country("DE"));
            s.persist(new Country("US"));
        });
        eu.awaitCaughtUp(Duration.ofSeconds(30));
    }

    private static void record(Route r) {
        Map<String, AtomicInteger> m = r.group().startsWith("users@") ? residentRoutes : referenceRoutes;
        m.computeIfAbsent(r.bind() + (r.region() == null ? "" : "/" + r.region()), k -> new AtomicInteger()).incrementAndGet();
    }

    @AfterAll
    static void stop() {
        if (db != null) {
            db.close();
        }
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

    private enum Op { WRITE, READ, QUERY, USING_OTHER_REGION, MISSING_REGION, WRONG_REGION_ATTRIBUTE, BACKGROUND_WITH_CONTEXT,
        BACKGROUND_WITHOUT_CONTEXT, REFERENCE_READ }

    @Test
    void randomSessionWorkNeverCrossesARegionAndEveryRefusalComesBeforeSql() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        ExecutorService background = Executors.newFixedThreadPool(4);
        Map<Op, Integer> done = new EnumMap<>(Op.class);
        Map<Op, Integer> refused = new EnumMap<>(Op.class);
        long id = 0;
        try {
            for (int i = 0; i < OPERATIONS; i++) {
                Op op = Op.values()[random.nextInt(Op.values().length)];
                String region = random.nextBoolean() ? "eu" : "us";
                String other = region.equals("eu") ? "us" : "eu";
                long next = ++id;
                switch (op) {
                    case WRITE -> {
                        try (RoutingSession s = db.openSession(inRegion(region, false))) {
                            s.persist(new Customer(next, region));
                            s.commit();
                            assertThat(s.lastRoute().bind()).isEqualTo("users@" + region);
                        }
                    }
                    case READ -> {
                        try (RoutingSession s = db.openSession(inRegion(region, true))) {
                            Customer c = s.find(Customer.class, random.nextLong(1, next + 1));
                            assertThat(c == null || c.getRegion().equals(region)).isTrue();
                            assertThat(binds.config(s.lastRoute().bind()).region()).isEqualTo(region);
                        }
                    }
                    case QUERY -> {
                        try (RoutingSession s = db.openSession(inRegion(region, true))) {
                            s.createSelectionQuery("from Customer", Customer.class).setMaxResults(5).getResultList()
                                    .forEach(c -> assertThat(c.getRegion()).isEqualTo(region));
                            assertThat(binds.config(s.lastRoute().bind()).region()).isEqualTo(region);
                        }
                    }
                    case USING_OTHER_REGION -> {
                        String foreign = region.equals("eu") ? "us-replica-of-eu" : "eu-replica";
                        try (RoutingSession s = db.openSession(inRegion(region, true))) {
                            assertThatThrownBy(() -> s.usingBind(foreign).find(Customer.class, 1L))
                                    .isInstanceOf(ResidencyViolationException.class);
                            assertThat(s.routes()).as("refused before any route, so before any SQL").isEmpty();
                        }
                        refused.merge(op, 1, Integer::sum);
                    }
                    case MISSING_REGION -> {
                        try (RoutingSession s = db.openReadOnlySession()) {
                            assertThatThrownBy(() -> s.find(Customer.class, 1L)).isInstanceOf(ResidencyRequiredException.class);
                            assertThat(s.routes()).isEmpty();
                        }
                        refused.merge(op, 1, Integer::sum);
                    }
                    case WRONG_REGION_ATTRIBUTE -> {
                        try (RoutingSession s = db.openSession(inRegion(region, false))) {
                            assertThatThrownBy(() -> s.persist(new Customer(next, other)))
                                    .isInstanceOf(ResidencyViolationException.class);
                            assertThat(s.routes()).isEmpty();
                        }
                        refused.merge(op, 1, Integer::sum);
                    }
                    case BACKGROUND_WITH_CONTEXT -> {
                        try (BindScope r = BindContext.region(region)) {
                            background.submit(BindContext.wrap(() -> {
                                db.inTransaction(s -> s.persist(new Customer(next, region)));
                                return null;
                            })).get();
                        }
                    }
                    case BACKGROUND_WITHOUT_CONTEXT -> {
                        try (BindScope r = BindContext.region(region)) {
                            background.submit(() -> {
                                try (RoutingSession s = db.openSession()) {
                                    assertThatThrownBy(() -> s.persist(new Customer(next, region)))
                                            .isInstanceOf(ResidencyRequiredException.class);
                                    assertThat(s.routes()).isEmpty();
                                }
                                return null;
                            }).get();
                        }
                        refused.merge(op, 1, Integer::sum);
                    }
                    case REFERENCE_READ -> {
                        try (RoutingSession s = db.openSession(random.nextBoolean() ? inRegion(region, true) : SessionOptions.READ_ONLY)) {
                            assertThat(s.find(Country.class, "DE")).isNotNull();
                        }
                    }
                }
                done.merge(op, 1, Integer::sum);
            }
        } finally {
            background.shutdown();
        }
        eu.awaitCaughtUp(Duration.ofSeconds(30));
        long euOnUs = count(us, "region = 'eu'");
        long usOnEu = count(eu, "region = 'us'");
        long euRows = count(eu, "region = 'eu'");
        long usRows = count(us, "region = 'us'");
        int euResidentOnUsReplica = residentRoutes.getOrDefault("us-replica-of-eu/eu", new AtomicInteger()).get();
        LOG.info("session residency fuzz: {} operations {}; refused {}; rows eu {} (on the US server {}), us {} (on EU servers {}); "
                        + "resident routes {}; reference routes {}; refusals by region {}", OPERATIONS, done, refused, euRows,
                euOnUs, usRows, usOnEu, residentRoutes, referenceRoutes, binds.router().residencyRefusals());
        assertThat(euOnUs).isZero();
        assertThat(usOnEu).isZero();
        assertThat(euRows + usRows).isEqualTo(done.getOrDefault(Op.WRITE, 0) + done.getOrDefault(Op.BACKGROUND_WITH_CONTEXT, 0));
        assertThat(euResidentOnUsReplica).as("EU-resident reads on the US replica of the EU primary").isZero();
        assertThat(referenceRoutes.keySet()).as("non-resident reads still use the US replica").contains("reference-replica-us");
        for (String key : binds.keys()) {
            assertThat(binds.poolStats(key).active()).as(key).isZero();
        }
    }

    private static SessionOptions inRegion(String region, boolean readOnly) {
        return SessionOptions.builder().region(region).readOnly(readOnly).build();
    }

    private static long count(ReplicatedDatabase cluster, String where) throws SQLException {
        try (Connection c = cluster.connect(cluster.primary()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from customer where " + where)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return 0;   // the table does not exist on this server
            }
            throw e;
        }
    }
}
