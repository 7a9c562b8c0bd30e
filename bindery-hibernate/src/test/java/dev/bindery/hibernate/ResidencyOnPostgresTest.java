package dev.bindery.hibernate;

import dev.bindery.BindContext;
import dev.bindery.BindScope;
import dev.bindery.Binds;
import dev.bindery.ResidencyRequiredException;
import dev.bindery.ResidencyViolationException;
import dev.bindery.hibernate.regional.Customer;
import dev.bindery.hibernate.resident.Visit;
import dev.bindery.spi.Route;
import dev.bindery.test.PostgresReplication;
import dev.bindery.test.ReplicatedDatabase;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;
import org.hibernate.StatelessSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The residency row of the routing table in docs/hibernate.md on the PostgreSQL cluster, through {@code Session},
 * {@code EntityManager}, {@code StatelessSession} and {@code RoutingSession}.
 * <ul>
 *   <li>Group {@code default} holds the {@code @Resident} {@link Visit}: an EU primary, {@code replica-1} in the EU and
 *       {@code replica-2} in the US. Replay is paused so that the three nodes hold three notes ({@code primary},
 *       {@code eu-replica}, {@code us-replica}): the note read says which node served.</li>
 *   <li>Group {@code customers} is split by region: {@code customers@eu} is the class's database on the primary server,
 *       {@code customers@us} a second database there. A row's database says where the write ran.</li>
 * </ul>
 * Every refusal is checked to come before any SQL: no route was taken and the row counts did not change.
 */
@PostgresReplication(replicas = 2)
class ResidencyOnPostgresTest {
    static final Duration CATCH_UP = Duration.ofSeconds(30);
    static Binds binds;
    static Database db;
    static String usDatabase;
    static final List<Route> routes = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void setUp(ReplicatedDatabase cluster) throws SQLException {
        usDatabase = cluster.database() + "_us";
        try (Connection c = cluster.connect(cluster.primary()); Statement st = c.createStatement()) {
            st.execute("create database " + usDatabase);
        }
        String primary = cluster.jdbcUrl(cluster.primary());
        binds = Binds.builder()
                .bind(Binds.DEFAULT, b -> b.url(primary).username("postgres").region("eu"))
                .bind("replica-1", b -> b.url(cluster.jdbcUrl(cluster.replica(1))).username("postgres").replicaOf(Binds.DEFAULT).region("eu"))
                .bind("replica-2", b -> b.url(cluster.jdbcUrl(cluster.replica(2))).username("postgres").replicaOf(Binds.DEFAULT).region("us"))
                .bind("customers@eu", b -> b.url(primary).username("postgres"))
                .bind("customers@us", b -> b.url(primary.replace("/" + cluster.database(), "/" + usDatabase)).username("postgres"))
                .build();
        db = Database.builder(binds).entities(Visit.class, Customer.class).onRoute(routes::add).build();
        db.createAll();
    }

    @AfterAll
    static void tearDown(ReplicatedDatabase cluster) throws SQLException {
        db.close();
        binds.close();
        try (Connection c = cluster.connect(cluster.primary()); Statement st = c.createStatement()) {
            st.execute("drop database " + usDatabase + " with (force)");
        }
    }

    /** Note 1 reads "us-replica" on replica-2, "eu-replica" on replica-1 and "primary" on the primary. */
    @BeforeEach
    void threeNodesThreeNotes(ReplicatedDatabase cluster) {
        sql(Binds.DEFAULT, "delete from Visit", "delete from Customer", "insert into Visit (id, region, note) values (1, 'eu', 'us-replica')");
        sql("customers@us", "delete from Customer");
        cluster.awaitCaughtUp(CATCH_UP);
        cluster.pauseReplay(cluster.replica(2));
        sql(Binds.DEFAULT, "update Visit set note = 'eu-replica' where id = 1");
        cluster.awaitCaughtUp(cluster.replica(1), CATCH_UP);
        cluster.pauseReplay(cluster.replica(1));
        sql(Binds.DEFAULT, "update Visit set note = 'primary' where id = 1");
        routes.clear();
    }

    @AfterEach
    void heal(ReplicatedDatabase cluster) {
        cluster.heal();
    }

    /** Work in one region ({@code null}: none) through one API, on one group's factory. */
    interface Work extends AutoCloseable {
        <T> T find(Class<T> type, long id);

        /** Persists {@code entity} in a transaction of its own and commits it. */
        void persistInTransaction(Object entity);

        /** The routes this work took. */
        List<Route> routes();

        @Override
        void close();
    }

    enum Api {
        SESSION {
            @Override
            Work open(String group, boolean readOnly, String region) {
                Session s = readOnly ? db.sessionFactory(group).withOptions().readOnly(true).openSession()
                        : db.sessionFactory(group).openSession();
                if (region != null) {
                    s.setProperty(SessionProperties.REGION, region);
                }
                return jpa(s);
            }
        },
        ENTITY_MANAGER {
            @Override
            Work open(String group, boolean readOnly, String region) {
                Map<String, Object> p = new HashMap<>();
                if (readOnly) {
                    p.put(SessionProperties.READ_ONLY, true);
                }
                if (region != null) {
                    p.put(SessionProperties.REGION, region);
                }
                return jpa(db.entityManagerFactory(group).createEntityManager(p));
            }
        },
        /** A stateless session has no session properties: its region comes from a {@code BindContext} scope. */
        STATELESS_SESSION {
            @Override
            Work open(String group, boolean readOnly, String region) {
                BindScope scope = region == null ? null : BindContext.region(region);
                StatelessSession s = readOnly ? db.sessionFactory(group).withStatelessOptions().readOnly(true).openStatelessSession()
                        : db.sessionFactory(group).openStatelessSession();
                int from = routes.size();
                return new Work() {
                    public <T> T find(Class<T> type, long id) {
                        return s.get(type, id);
                    }

                    public void persistInTransaction(Object entity) {
                        s.beginTransaction();
                        s.insert(entity);
                        s.getTransaction().commit();
                    }

                    public List<Route> routes() {
                        return new ArrayList<>(routes.subList(from, routes.size()));
                    }

                    public void close() {
                        if (s.getTransaction().isActive()) {
                            s.getTransaction().rollback();
                        }
                        s.close();
                        if (scope != null) {
                            scope.close();
                        }
                    }
                };
            }
        },
        /** A RoutingSession finds each entity's group itself: {@code group} is ignored. */
        ROUTING_SESSION {
            @Override
            Work open(String group, boolean readOnly, String region) {
                RoutingSession s = db.openSession(SessionOptions.builder().readOnly(readOnly).region(region).build());
                return new Work() {
                    public <T> T find(Class<T> type, long id) {
                        return s.find(type, id);
                    }

                    public void persistInTransaction(Object entity) {
                        s.begin();
                        s.persist(entity);
                        s.commit();
                    }

                    public List<Route> routes() {
                        return s.routes();
                    }

                    public void close() {
                        if (s.isTransactionActive()) {
                            s.rollback();
                        }
                        s.close();
                    }
                };
            }
        };

        abstract Work open(String group, boolean readOnly, String region);

        static Work jpa(EntityManager em) {
            int from = routes.size();
            return new Work() {
                public <T> T find(Class<T> type, long id) {
                    return em.find(type, id);
                }

                public void persistInTransaction(Object entity) {
                    em.getTransaction().begin();
                    em.persist(entity);
                    em.getTransaction().commit();
                }

                public List<Route> routes() {
                    return new ArrayList<>(routes.subList(from, routes.size()));
                }

                public void close() {
                    if (em.getTransaction().isActive()) {
                        em.getTransaction().rollback();
                    }
                    em.close();
                }
            };
        }
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void residentReadsRunOnlyOnBindsOfTheSessionsRegion(Api api) {
        for (int i = 0; i < 4; i++) {   // the balancer would alternate between the two replicas
            try (Work w = api.open(Binds.DEFAULT, true, "eu")) {
                assertThat(w.find(Visit.class, 1L).getNote()).isEqualTo("eu-replica");
                assertThat(w.routes()).singleElement().satisfies(r -> {
                    assertThat(r.bind()).isEqualTo("replica-1");
                    assertThat(r.rejected()).containsExactly("replica-2(us)");
                });
            }
            try (Work w = api.open(Binds.DEFAULT, true, "us")) {
                assertThat(w.find(Visit.class, 1L).getNote()).as("the group's only US bind").isEqualTo("us-replica");
            }
        }
        try (Work w = api.open(Binds.DEFAULT, false, "eu")) {
            assertThat(w.find(Visit.class, 1L).getNote()).as("read-write work, if not a RoutingSession's read")
                    .isIn("primary", "eu-replica");
            assertThat(w.routes()).allSatisfy(r -> assertThat(r.region()).isEqualTo("eu"));
        }
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void residentWritesRunOnlyInTheSessionsRegionAndAreRefusedBeforeAnySqlElsewhere(Api api) {
        try (Work w = api.open(Binds.DEFAULT, false, "eu")) {
            w.persistInTransaction(new Visit(2, "eu", "written in the eu"));
            assertThat(w.routes()).isNotEmpty().allSatisfy(r -> assertThat(r.bind()).isEqualTo(Binds.DEFAULT));
        }
        long residencyRefusals = residencyRefusals();
        try (Work w = api.open(Binds.DEFAULT, false, "us")) {
            assertThatThrownBy(() -> w.persistInTransaction(new Visit(3, "us", "no us primary")))
                    .satisfies(e -> assertThat(bindery(e)).isInstanceOf(ResidencyViolationException.class)
                            .hasMessageContaining("primary of group 'default' is in region 'eu'"));
            assertThat(w.routes()).as("refused before any route").isEmpty();
        }
        try (Work w = api.open(Binds.DEFAULT, false, "eu")) {
            assertThatThrownBy(() -> w.persistInTransaction(new Visit(4, "us", "a us row in an eu session")))
                    .satisfies(e -> assertThat(bindery(e)).isInstanceOf(ResidencyViolationException.class)
                            .hasMessageContaining("belongs to region 'us'"));
        }
        try (Work w = api.open(Binds.DEFAULT, false, null)) {
            assertThatThrownBy(() -> w.persistInTransaction(new Visit(5, "eu", "no region")))
                    .satisfies(e -> assertThat(bindery(e)).isInstanceOf(ResidencyRequiredException.class));
            assertThat(w.routes()).isEmpty();
        }
        try (Work w = api.open(Binds.DEFAULT, true, null)) {
            assertThatThrownBy(() -> w.find(Visit.class, 1L))
                    .satisfies(e -> assertThat(bindery(e)).isInstanceOf(ResidencyRequiredException.class));
            assertThat(w.routes()).isEmpty();
        }
        assertThat(residencyRefusals()).isEqualTo(residencyRefusals + 4);
        assertThat(sqlOne(Binds.DEFAULT, "select string_agg(id || ':' || note, ',' order by id) from Visit"))
                .isEqualTo("1:primary,2:written in the eu");
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void eachRegionsRowsOfAGroupSplitByRegionLandOnlyInThatRegionsDatabase(Api api) {
        for (String region : List.of("eu", "us")) {
            try (Work w = api.open("customers@" + region, false, region)) {
                w.persistInTransaction(new Customer("eu".equals(region) ? 1 : 2, "a customer in the " + region));
                assertThat(w.routes()).isNotEmpty().allSatisfy(r -> assertThat(r.bind()).isEqualTo("customers@" + region));
            }
        }
        try (Work w = api.open("customers@us", true, "us")) {
            assertThat(w.find(Customer.class, 2L).getName()).isEqualTo("a customer in the us");
            assertThat(w.find(Customer.class, 1L)).as("an EU customer is not in the US database").isNull();
        }
        try (Work w = api.open("customers@eu", false, null)) {
            assertThatThrownBy(() -> w.persistInTransaction(new Customer(3, "no region")))
                    .satisfies(e -> assertThat(bindery(e)).isInstanceOf(ResidencyRequiredException.class));
            assertThat(w.routes()).isEmpty();
        }
        if (api != Api.ROUTING_SESSION) {   // a standard session works on one region's group: its factory's
            try (Work w = api.open("customers@eu", false, "us")) {
                assertThatThrownBy(() -> w.persistInTransaction(new Customer(4, "a us session on the eu factory")))
                        .satisfies(e -> assertThat(bindery(e)).isInstanceOf(ResidencyViolationException.class));
                assertThat(w.routes()).isEmpty();
            }
        }
        assertThat(sqlOne("customers@eu", "select string_agg(id || ':' || name, ',' order by id) from Customer"))
                .isEqualTo("1:a customer in the eu");
        assertThat(sqlOne("customers@us", "select string_agg(id || ':' || name, ',' order by id) from Customer"))
                .isEqualTo("2:a customer in the us");
    }

    static long residencyRefusals() {
        return binds.router().residencyRefusals().values().stream().mapToLong(Long::longValue).sum();
    }

    /** The Bindery exception in {@code e}'s cause chain (JPA and Hibernate wrap what a flush or commit threw). */
    static Throwable bindery(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof dev.bindery.BinderyException) {
                return t;
            }
        }
        return e;
    }

    static void sql(String bind, String... statements) {
        try (Connection c = binds.dataSource(bind).getConnection(); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static Object sqlOne(String bind, String query) {
        try (Connection c = binds.dataSource(bind).getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            return rs.next() ? rs.getObject(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
