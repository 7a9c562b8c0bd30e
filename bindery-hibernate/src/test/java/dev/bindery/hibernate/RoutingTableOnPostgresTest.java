package dev.bindery.hibernate;

import dev.bindery.BindContext;
import dev.bindery.BindScope;
import dev.bindery.BindSwitchException;
import dev.bindery.Binds;
import dev.bindery.CausalToken;
import dev.bindery.ReplicaWriteException;
import dev.bindery.hibernate.model.Todo;
import dev.bindery.spi.Refusal;
import dev.bindery.spi.Role;
import dev.bindery.spi.Route;
import dev.bindery.spi.RouteReason;
import dev.bindery.test.Node;
import dev.bindery.test.PostgresReplication;
import dev.bindery.test.ReplicatedDatabase;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.EnumSource.Mode.EXCLUDE;

/**
 * Every row of the routing table in docs/hibernate.md, through {@code Session}, {@code EntityManager},
 * {@code StatelessSession} (the rows that apply to it) and {@code RoutingSession}, on a PostgreSQL primary with two
 * streaming replicas whose replay is paused: a row changed on the primary after the pause reads "old" on a replica and
 * "new" on the primary, so the title says where work ran, and the route says why. Refusals are checked against core's
 * refusal counters and the primary's row, which stays "new".
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

        /** Reads the title by a query: a statement of its own, also where {@link #title()} found the entity managed. */
        String titleByQuery();

        /** Changes the title: by dirty checking, or an update statement in a stateless session. */
        void rename(String title);

        /** Changes the title with a native {@code update}. */
        void renameBySql(String title);

        /** Reads the title with a native {@code select ... for update}. */
        String titleForUpdate();

        /** Makes the rest of the work read-only (not for a stateless session or a RoutingSession). */
        void readOnlyFromNowOn();

        void begin();

        void commit();

        /** The routes this work took, in order. */
        List<Route> routes();

        default Route route() {
            List<Route> r = routes();
            return r.get(r.size() - 1);
        }

        @Override
        void close();
    }

    /** How work is opened: read-write or read-only, with a bind, a token. */
    record Opening(boolean readOnly, String bind, CausalToken after) {
        static final Opening READ_WRITE = new Opening(false, null, null);
        static final Opening READ_ONLY = new Opening(true, null, null);
    }

    static final String UPDATE = "update Todo set title = :title where id = :id";
    static final String TITLE = "select t.title from Todo t where t.id = :id";
    static final String FOR_UPDATE = "select title from Todo where id = :id for update";

    enum Api {
        SESSION {
            @Override
            Work open(Opening o) {
                Session s = o.readOnly ? sf().withOptions().readOnly(true).openSession() : sf().openSession();
                if (o.bind != null) {
                    s.setProperty(SessionProperties.BIND, o.bind);
                }
                if (o.after != null) {
                    s.setProperty(SessionProperties.AFTER, o.after);
                }
                return jpa(s, () -> {
                    s.clear();   // the next find reads the database, not the persistence context
                    s.setDefaultReadOnly(true);
                });
            }
        },
        ENTITY_MANAGER {
            @Override
            Work open(Opening o) {
                Map<String, Object> p = new HashMap<>();
                if (o.readOnly) {
                    p.put(SessionProperties.READ_ONLY, true);
                }
                if (o.bind != null) {
                    p.put(SessionProperties.BIND, o.bind);
                }
                if (o.after != null) {
                    p.put(SessionProperties.AFTER, binds.tokens().sign(o.after));   // signed text, as a client carries it
                }
                EntityManager em = db.entityManagerFactory(Binds.DEFAULT).createEntityManager(p);
                return jpa(em, () -> {
                    em.clear();
                    em.setProperty(SessionProperties.READ_ONLY, true);
                });
            }
        },
        /** A stateless session has no session properties: its bind and token come from {@code BindContext} scopes. */
        STATELESS_SESSION {
            @Override
            Work open(Opening o) {
                BindScope scope = o.bind != null ? BindContext.use(o.bind) : o.after != null ? BindContext.after(o.after) : null;
                StatelessSession s = o.readOnly ? sf().withStatelessOptions().readOnly(true).openStatelessSession()
                        : sf().openStatelessSession();
                int from = routes.size();
                return new Work() {
                    public String title() {
                        return s.get(Todo.class, id).getTitle();
                    }

                    public String titleByQuery() {
                        return s.createSelectionQuery(TITLE, String.class).setParameter("id", id).getSingleResult();
                    }

                    public void rename(String title) {
                        Todo t = s.get(Todo.class, id);
                        t.setTitle(title);
                        s.update(t);
                    }

                    public void renameBySql(String title) {
                        s.createNativeQuery(UPDATE).setParameter("title", title).setParameter("id", id).executeUpdate();
                    }

                    public String titleForUpdate() {
                        return s.createNativeQuery(FOR_UPDATE, String.class).setParameter("id", id).getSingleResult();
                    }

                    public void readOnlyFromNowOn() {
                        throw new UnsupportedOperationException("a stateless session is read-only from its opening or never");
                    }

                    public void begin() {
                        s.beginTransaction();
                    }

                    public void commit() {
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
                        return s.find(Todo.class, id).getTitle();
                    }

                    public String titleByQuery() {
                        return s.createSelectionQuery(TITLE, String.class).setParameter("id", id).getSingleResult();
                    }

                    public void rename(String title) {
                        s.find(Todo.class, id).setTitle(title);
                    }

                    public void renameBySql(String title) {
                        s.createNativeQuery(UPDATE, Integer.class).setParameter("title", title).setParameter("id", id).executeUpdate();
                    }

                    public String titleForUpdate() {
                        return s.createNativeQuery(FOR_UPDATE, String.class).setParameter("id", id).getSingleResult();
                    }

                    public void readOnlyFromNowOn() {
                        throw new UnsupportedOperationException("a RoutingSession's reads go to replicas unless it wrote");
                    }

                    public void begin() {
                        s.begin();
                    }

                    public void commit() {
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

        abstract Work open(Opening o);

        static SessionFactory sf() {
            return db.sessionFactory(Binds.DEFAULT);
        }

        static Work jpa(EntityManager em, Runnable readOnly) {
            int from = routes.size();
            return new Work() {
                public String title() {
                    return em.find(Todo.class, id).getTitle();
                }

                public String titleByQuery() {
                    return em.createQuery(TITLE, String.class).setParameter("id", id).getSingleResult();
                }

                public void rename(String title) {
                    em.find(Todo.class, id).setTitle(title);
                }

                public void renameBySql(String title) {
                    em.createNativeQuery(UPDATE).setParameter("title", title).setParameter("id", id).executeUpdate();
                }

                public String titleForUpdate() {
                    return (String) em.createNativeQuery(FOR_UPDATE, String.class).setParameter("id", id).getSingleResult();
                }

                public void readOnlyFromNowOn() {
                    readOnly.run();
                }

                public void begin() {
                    em.getTransaction().begin();
                }

                public void commit() {
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

    static String titleOnPrimary() {
        return db.fromTransaction(s -> s.usingBind(Binds.DEFAULT).find(Todo.class, id).getTitle());
    }

    static long refusals(Refusal.Kind kind) {
        return binds.router().refusals().getOrDefault(kind, 0L);
    }

    // ---------------------------------------------------------------- work that is not read-only: the primary

    @ParameterizedTest
    @EnumSource(Api.class)
    void workInAReadWriteTransactionRunsOnThePrimary(Api api) {
        try (Work w = api.open(Opening.READ_WRITE)) {
            w.begin();
            assertThat(w.title()).isEqualTo("new");
            w.rename("newer");
            w.commit();
            assertThat(w.routes()).isNotEmpty().allSatisfy(r -> {
                assertThat(r.bind()).isEqualTo(Binds.DEFAULT);
                // a RoutingSession's reads inside begin() say why they are on the primary
                assertThat(r.reason()).isIn(RouteReason.WRITE, RouteReason.READ_WRITE_TRANSACTION);
            });
        }
        assertThat(titleOnPrimary()).isEqualTo("newer");
    }

    @ParameterizedTest
    @EnumSource(value = Api.class, names = "ROUTING_SESSION", mode = EXCLUDE)   // its reads outside begin() go to replicas
    void readsOfAReadWriteSessionOutsideATransactionRunOnThePrimary(Api api) {
        try (Work w = api.open(Opening.READ_WRITE)) {
            assertThat(w.title()).isEqualTo("new");
            assertThat(w.route().role()).isEqualTo(Role.PRIMARY);
            assertThat(w.route().reason()).isEqualTo(RouteReason.WRITE);
        }
    }

    @Test
    void factoryTransactionsRunOnThePrimaryThroughEveryApi() {
        SessionFactory sf = db.sessionFactory(Binds.DEFAULT);
        sf.inTransaction(s -> s.find(Todo.class, id).setTitle("by Session"));
        String seen = sf.fromTransaction(s -> s.find(Todo.class, id).getTitle());
        assertThat(seen).isEqualTo("by Session");
        var emf = db.entityManagerFactory(Binds.DEFAULT);
        emf.runInTransaction(em -> em.find(Todo.class, id).setTitle("by EntityManager"));
        seen = emf.callInTransaction(em -> em.find(Todo.class, id).getTitle());
        assertThat(seen).isEqualTo("by EntityManager");
        sf.inStatelessTransaction(s -> {
            Todo t = s.get(Todo.class, id);
            t.setTitle("by StatelessSession");
            s.update(t);
        });
        seen = sf.fromStatelessTransaction(s -> s.get(Todo.class, id).getTitle());
        assertThat(seen).isEqualTo("by StatelessSession");
        db.inTransaction(s -> s.find(Todo.class, id).setTitle("by RoutingSession"));
        seen = db.fromTransaction(s -> s.find(Todo.class, id).getTitle());
        assertThat(seen).isEqualTo("by RoutingSession");
        assertThat(routes).hasSizeGreaterThanOrEqualTo(8).allSatisfy(r -> assertThat(r.role()).isEqualTo(Role.PRIMARY));
        assertThat(titleOnPrimary()).isEqualTo("by RoutingSession");
    }

    // ---------------------------------------------------------------- read-only work: a replica

    @ParameterizedTest
    @EnumSource(Api.class)
    void readOnlyWorkRunsOnAReplicaAndSeesItsRows(Api api) {
        try (Work w = api.open(Opening.READ_ONLY)) {
            assertThat(w.title()).isEqualTo("old");
            assertThat(w.route().role()).isEqualTo(Role.REPLICA);
            assertThat(w.route().reason()).isEqualTo(RouteReason.REPLICA_READ);
        }
    }

    /** replica-2 replays "new", replica-1 stays at "old": two statements of one transaction must read the same. */
    @ParameterizedTest
    @EnumSource(Api.class)
    void aReadOnlyTransactionHoldsOneReplicaUntilItEnds(Api api, ReplicatedDatabase cluster) {
        cluster.resumeReplay(cluster.replica(2));
        cluster.awaitCaughtUp(cluster.replica(2), Duration.ofSeconds(30));
        Map<String, String> held = Map.of("replica-1", "old", "replica-2", "new");
        try (Work w = api.open(Opening.READ_ONLY)) {
            for (int tx = 1; tx <= 4; tx++) {
                w.begin();
                String first = w.titleByQuery();    // queries, never the persistence context of an earlier transaction
                String second = w.titleByQuery();
                w.commit();
                List<Route> routes = w.routes();
                if (api == Api.ROUTING_SESSION) {   // its read-only begin() pins no replica: each statement is routed
                    assertThat(routes).hasSize(2 * tx);
                    assertThat(first).isEqualTo(held.get(routes.get(2 * tx - 2).bind()));
                    assertThat(second).isEqualTo(held.get(routes.get(2 * tx - 1).bind()));
                } else {
                    assertThat(routes).as("one route per transaction").hasSize(tx);
                    assertThat(second).as("transaction " + tx + ": the same replica as its first statement").isEqualTo(first)
                            .isEqualTo(held.get(routes.get(tx - 1).bind()));
                }
            }
            assertThat(w.routes()).allSatisfy(r -> assertThat(r.reason()).isEqualTo(RouteReason.REPLICA_READ))
                    .extracting(Route::bind).contains("replica-1", "replica-2");
        }
    }

    // ---------------------------------------------------------------- read-your-writes

    @ParameterizedTest
    @EnumSource(value = Api.class, names = "STATELESS_SESSION", mode = EXCLUDE)   // never read-only after writing
    void readOnlyWorkAfterTheSessionWroteRunsOnThePrimary(Api api) {
        try (Work w = api.open(Opening.READ_WRITE)) {
            w.begin();
            w.rename("mine");
            w.commit();
            if (api != Api.ROUTING_SESSION) {
                w.readOnlyFromNowOn();
            }
            assertThat(w.title()).isEqualTo("mine");
            assertThat(w.route().role()).isEqualTo(Role.PRIMARY);
            assertThat(w.route().reason()).isEqualTo(RouteReason.READ_YOUR_WRITES);
        }
    }

    // ---------------------------------------------------------------- causal tokens

    @ParameterizedTest
    @EnumSource(Api.class)
    void aCausalTokenReadsOnAReplicaPastItElseOnThePrimary(Api api, ReplicatedDatabase cluster) {
        CausalToken token = binds.causalToken(Binds.DEFAULT);
        try (Work w = api.open(new Opening(true, null, token))) {
            assertThat(w.title()).as("no replica replayed the token: the primary").isEqualTo("new");
            assertThat(w.route().role()).isEqualTo(Role.PRIMARY);
            assertThat(w.route().reason()).isEqualTo(RouteReason.CAUSAL_TOKEN);
        }
        try (BindScope after = BindContext.after(token); Work w = api.open(Opening.READ_ONLY)) {
            assertThat(w.title()).isEqualTo("new");
            assertThat(w.route().role()).isEqualTo(Role.PRIMARY);
            assertThat(w.route().reason()).isEqualTo(RouteReason.CAUSAL_TOKEN);
        }
        cluster.resumeReplay(cluster.replica(2));
        cluster.awaitCaughtUp(cluster.replica(2), Duration.ofSeconds(30));
        for (int i = 0; i < 2; i++) {   // the balancer would alternate: only replica-2 is past the token
            try (Work w = api.open(new Opening(true, null, token))) {
                assertThat(w.title()).isEqualTo("new");
                assertThat(w.route().bind()).isEqualTo("replica-2");
            }
        }
    }

    // ---------------------------------------------------------------- explicit binds

    @ParameterizedTest
    @EnumSource(Api.class)
    void anExplicitBindPicksThatBind(Api api) {
        try (Work w = api.open(new Opening(true, "replica-2", null))) {
            assertThat(w.title()).isEqualTo("old");
            assertThat(w.route().bind()).isEqualTo("replica-2");
            // a stateless session takes its bind from a BindContext scope
            assertThat(w.route().reason()).isEqualTo(api == Api.STATELESS_SESSION ? RouteReason.CONTEXT_BIND : RouteReason.EXPLICIT_BIND);
        }
        try (BindScope use = BindContext.use("replica-1"); Work w = api.open(Opening.READ_ONLY)) {
            assertThat(w.title()).isEqualTo("old");
            assertThat(w.route().bind()).isEqualTo("replica-1");
            assertThat(w.route().reason()).isEqualTo(RouteReason.CONTEXT_BIND);
        }
        try (Work w = api.open(new Opening(true, Binds.DEFAULT, null))) {
            assertThat(w.title()).as("read-only work pointed at the primary reads there").isEqualTo("new");
            assertThat(w.route().bind()).isEqualTo(Binds.DEFAULT);
        }
    }

    // ---------------------------------------------------------------- writes in work routed to a replica

    @ParameterizedTest
    @EnumSource(Api.class)
    void aWriteInsideATransactionOnAReplicaIsRefusedBeforeItIsSent(Api api) {
        long before = refusals(Refusal.Kind.READ_ONLY_WRITE);
        try (Work w = api.open(new Opening(true, "replica-1", null))) {   // a RoutingSession joins a transaction on an explicit bind
            w.begin();
            assertThat(w.title()).isEqualTo("old");
            assertThatThrownBy(() -> w.renameBySql("refused"))
                    .satisfies(e -> assertThat(refusal(e)).isInstanceOf(BindSwitchException.class)
                            .isInstanceOf(ReplicaWriteException.class)
                            .hasMessageContaining("inside a transaction routed to bind 'replica-1'")
                            .hasMessageContaining("nothing was sent"));
        }
        assertThat(refusals(Refusal.Kind.READ_ONLY_WRITE)).isEqualTo(before + 1);
        assertThat(titleOnPrimary()).isEqualTo("new");
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void aWriteOutsideATransactionOnAReplicaIsRefusedBeforeItIsSent(Api api) {
        long before = refusals(Refusal.Kind.READ_ONLY_WRITE);
        try (Work w = api.open(Opening.READ_ONLY)) {
            assertThatThrownBy(w::titleForUpdate)
                    .satisfies(e -> assertThat(refusal(e)).isInstanceOf(ReplicaWriteException.class)
                            .hasMessageContaining("nothing was sent"));
            assertThat(w.route().role()).isEqualTo(Role.REPLICA);
        }
        assertThat(refusals(Refusal.Kind.READ_ONLY_WRITE)).isEqualTo(before + 1);
        assertThat(titleOnPrimary()).isEqualTo("new");
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void aChangedReplicaEntityIsNeverDroppedSilently(Api api) {
        try (Work w = api.open(Opening.READ_ONLY)) {
            w.begin();
            assertThatThrownBy(() -> {
                w.rename("lost?");
                w.commit();
            }).satisfies(e -> assertThat(refusal(e)).isInstanceOf(api == Api.ROUTING_SESSION
                    ? ReadOnlySessionException.class        // the read-only RoutingSession refuses it itself
                    : BindSwitchException.class));          // the router refuses the flush or the update
        }
        assertThat(titleOnPrimary()).isEqualTo("new");
    }

    // ---------------------------------------------------------------- another bind inside a transaction

    @ParameterizedTest
    @EnumSource(Api.class)
    void anotherBindInsideATransactionIsRefusedBeforeAnySql(Api api) {
        long before = refusals(Refusal.Kind.BIND_SWITCH);
        try (Work w = api.open(Opening.READ_WRITE)) {
            w.begin();
            assertThat(w.title()).isEqualTo("new");
            try (BindScope use = BindContext.use("replica-1")) {
                assertThatThrownBy(() -> {
                    w.rename("switched");
                    w.commit();
                }).satisfies(e -> assertThat(refusal(e)).isInstanceOf(BindSwitchException.class));
            }
            assertThat(w.routes()).allSatisfy(r -> assertThat(r.bind()).isEqualTo(Binds.DEFAULT));
        }
        if (api != Api.ROUTING_SESSION) {   // the RoutingSession refuses the route itself, before asking the router
            assertThat(refusals(Refusal.Kind.BIND_SWITCH)).isEqualTo(before + 1);
        }
        assertThat(titleOnPrimary()).isEqualTo("new");
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
