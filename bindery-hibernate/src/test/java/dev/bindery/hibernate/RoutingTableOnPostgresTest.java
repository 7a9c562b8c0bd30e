package dev.bindery.hibernate;

import dev.bindery.BindContext;
import dev.bindery.BindScope;
import dev.bindery.BindSwitchException;
import dev.bindery.Binds;
import dev.bindery.CausalToken;
import dev.bindery.ReplicaWriteException;
import dev.bindery.hibernate.model.Todo;
import dev.bindery.spi.Role;
import dev.bindery.spi.Route;
import dev.bindery.spi.RouteReason;
import dev.bindery.test.Node;
import dev.bindery.test.PostgresReplication;
import dev.bindery.test.ReplicatedDatabase;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every row of the routing table in docs/hibernate.md, through {@code Session}, {@code EntityManager} and
 * {@code RoutingSession}, on a PostgreSQL primary with two streaming replicas whose replay is paused: a row changed on
 * the primary after the pause reads "old" on a replica and "new" on the primary, so the title says where work ran.
 */
@PostgresReplication(replicas = 2)
class RoutingTableOnPostgresTest {
    static Binds binds;
    static Database db;
    static final List<Route> routes = new CopyOnWriteArrayList<>();
    static long id;

    @BeforeAll
    static void setUp(ReplicatedDatabase cluster) {
        binds = cluster.binds();
        db = Database.builder(binds).entities(Todo.class).onRoute(routes::add).build();
        db.createAll();
    }

    @AfterAll
    static void tearDown() {
        db.close();
        binds.close();
    }

    @BeforeEach
    void oldOnReplicasNewOnThePrimary(ReplicatedDatabase cluster) {
        db.inTransaction(s -> s.createMutationQuery("delete from Todo").executeUpdate());
        Todo t = new Todo("old");
        db.inTransaction(s -> s.persist(t));
        id = t.getId();
        cluster.awaitCaughtUp(Duration.ofSeconds(30));
        for (Node replica : cluster.replicas()) {
            cluster.pauseReplay(replica);
        }
        db.inTransaction(s -> s.find(Todo.class, id).setTitle("new"));
        routes.clear();
    }

    @AfterEach
    void heal(ReplicatedDatabase cluster) {
        cluster.heal();
    }

    /** One unit of work through one API. */
    interface Work extends AutoCloseable {
        String title();

        void rename(String title);

        void begin();

        void commit();

        Route route();

        @Override
        void close();
    }

    /** How work is opened: read-write or read-only, with a bind, a token. */
    record Opening(boolean readOnly, String bind, CausalToken after) {
        static final Opening READ_WRITE = new Opening(false, null, null);
        static final Opening READ_ONLY = new Opening(true, null, null);
    }

    enum Api {
        SESSION {
            @Override
            Work open(Opening o) {
                Session s = o.readOnly ? db.sessionFactory(Binds.DEFAULT).withOptions().readOnly(true).openSession()
                        : db.sessionFactory(Binds.DEFAULT).openSession();
                if (o.bind != null) {
                    s.setProperty(SessionProperties.BIND, o.bind);
                }
                if (o.after != null) {
                    s.setProperty(SessionProperties.AFTER, o.after);
                }
                return jpa(s);
            }
        },
        ENTITY_MANAGER {
            @Override
            Work open(Opening o) {
                Map<String, Object> p = new java.util.HashMap<>();
                if (o.readOnly) {
                    p.put(SessionProperties.READ_ONLY, true);
                }
                if (o.bind != null) {
                    p.put(SessionProperties.BIND, o.bind);
                }
                if (o.after != null) {
                    p.put(SessionProperties.AFTER, binds.tokens().sign(o.after));   // signed text, as a client carries it
                }
                return jpa(db.entityManagerFactory(Binds.DEFAULT).createEntityManager(p));
            }
        },
        ROUTING_SESSION {
            @Override
            Work open(Opening o) {
                SessionOptions.Builder b = SessionOptions.builder().readOnly(o.readOnly);
                if (o.bind != null) {
                    b.bind(o.bind);
                }
                if (o.after != null) {
                    b.after(o.after);
                }
                RoutingSession s = db.openSession(b.build());
                return new Work() {
                    public String title() {
                        Todo t = s.find(Todo.class, id);
                        return t.getTitle();
                    }

                    public void rename(String title) {
                        s.find(Todo.class, id).setTitle(title);
                    }

                    public void begin() {
                        s.begin();
                    }

                    public void commit() {
                        s.commit();
                    }

                    public Route route() {
                        return s.lastRoute();
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

        abstract Work open(Opening o);

        static Work jpa(EntityManager em) {
            return new Work() {
                public String title() {
                    return em.find(Todo.class, id).getTitle();
                }

                public void rename(String title) {
                    em.find(Todo.class, id).setTitle(title);
                }

                public void begin() {
                    em.getTransaction().begin();
                }

                public void commit() {
                    em.getTransaction().commit();
                }

                public Route route() {
                    return routes.get(routes.size() - 1);
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

    static String titleOnPrimary() {
        return db.fromTransaction(s -> s.usingBind(Binds.DEFAULT).find(Todo.class, id).getTitle());
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void readOnlyWorkRunsOnAReplicaAndSeesItsRows(Api api) {
        try (Work w = api.open(Opening.READ_ONLY)) {
            assertThat(w.title()).isEqualTo("old");
            assertThat(w.route().role()).isEqualTo(Role.REPLICA);
        }
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void workInAReadWriteTransactionRunsOnThePrimary(Api api) {
        try (Work w = api.open(Opening.READ_WRITE)) {
            w.begin();
            assertThat(w.title()).isEqualTo("new");
            assertThat(w.route().bind()).isEqualTo(Binds.DEFAULT);
            w.rename("newer");
            w.commit();
        }
        assertThat(titleOnPrimary()).isEqualTo("newer");
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void aCausalTokenReadsOnlyWhereTheTokensWritesAre(Api api) {
        CausalToken token = binds.causalToken(Binds.DEFAULT);
        try (Work w = api.open(new Opening(true, null, token))) {
            assertThat(w.title()).as("no replica replayed the token: the primary").isEqualTo("new");
            assertThat(w.route().reason()).isEqualTo(RouteReason.CAUSAL_TOKEN);
        }
        try (BindScope after = BindContext.after(token); Work w = api.open(Opening.READ_ONLY)) {
            assertThat(w.title()).isEqualTo("new");
            assertThat(w.route().role()).isEqualTo(Role.PRIMARY);
        }
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void anExplicitBindPicksThatReplica(Api api) {
        try (Work w = api.open(new Opening(true, "replica-2", null))) {
            assertThat(w.title()).isEqualTo("old");
            assertThat(w.route().bind()).isEqualTo("replica-2");
        }
        try (BindScope use = BindContext.use("replica-1"); Work w = api.open(Opening.READ_ONLY)) {
            assertThat(w.title()).isEqualTo("old");
            assertThat(w.route().bind()).isEqualTo("replica-1");
        }
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void aChangedReplicaEntityIsNeverDroppedSilently(Api api) {
        try (Work w = api.open(Opening.READ_ONLY)) {
            w.begin();
            w.rename("lost?");
            assertThatThrownBy(w::commit).satisfies(e -> assertThat(refusal(e))
                    .isInstanceOfAny(ReadOnlySessionException.class, ReplicaWriteException.class));
        }
        assertThat(titleOnPrimary()).isEqualTo("new");
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void anotherBindInsideATransactionIsRefusedBeforeAnySql(Api api) {
        try (Work w = api.open(Opening.READ_WRITE)) {
            w.begin();
            w.title();
            try (BindScope use = BindContext.use("replica-1")) {
                assertThatThrownBy(() -> {
                    w.rename("switched");
                    w.commit();
                }).satisfies(e -> assertThat(refusal(e)).isInstanceOf(BindSwitchException.class));
            }
        }
        assertThat(titleOnPrimary()).isEqualTo("new");
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void readsAfterAWriteInTheSameSessionSeeIt(Api api) {
        try (Work w = api.open(Opening.READ_WRITE)) {
            w.begin();
            w.rename("mine");
            w.commit();
            assertThat(w.title()).isEqualTo("mine");
            assertThat(w.route().role()).isEqualTo(Role.PRIMARY);
        }
    }

    /** The refusal in {@code e}'s cause chain (JPA wraps a failed commit in a RollbackException). */
    static Throwable refusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof dev.bindery.BinderyException) {
                return t;
            }
        }
        return e;
    }
}
