package dev.bindery.hibernate;

import dev.bindery.spi.Role;
import dev.bindery.BindGroupMismatchException;
import dev.bindery.spi.RouteReason;
import dev.bindery.BindContext;
import dev.bindery.BindScope;
import dev.bindery.Binds;
import dev.bindery.ReplicaWriteException;
import dev.bindery.hibernate.model.Admin;
import dev.bindery.hibernate.model.Todo;
import dev.bindery.hibernate.model.User;
import jakarta.persistence.LockModeType;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Root;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each operation of the routing table goes where the table says, checked through the route and the data. */
class OperationsRoutingTest {
    private static Binds binds;
    private static Database db;
    private static String app;
    private static String auth;

    @BeforeAll
    static void setUp() {
        app = H2.url("ops");
        auth = H2.url("ops-auth");
        binds = Binds.builder()
                .bind(Binds.DEFAULT, app)
                .bind("replica", b -> b.url(app).replicaOf(Binds.DEFAULT))
                .bind("auth", auth)
                .build();
        db = Database.builder(binds).entities(Todo.class, User.class, Admin.class).build();
        db.createAll();
    }

    @AfterAll
    static void tearDown() {
        db.close();
        binds.close();
    }

    @BeforeEach
    void seed() {
        H2.exec(app, "delete from Todo", "insert into Todo(id, title, priority) values (1, 'a', 1), (2, 'b', 2)");
        H2.exec(auth, "delete from app_user", "insert into app_user(id, name, dtype) values (1, 'ada', 'User')");
    }

    @Test
    void everyRouteIsListedInOrderAndUnwrapAddsNone() {
        try (RoutingSession s = db.openSession()) {
            assertThat(s.routes()).isEmpty();
            assertThat(s.lastRoute()).isNull();
            s.unwrap("auth");
            assertThat(s.routes()).as("unwrap opens a session but routes nothing").isEmpty();

            s.find(Todo.class, 1L);
            assertThat(s.routes()).extracting(dev.bindery.spi.Route::bind).containsExactly("replica");
            s.find(User.class, 1L);
            s.find(Todo.class, 2L);
            assertThat(s.routes()).extracting(dev.bindery.spi.Route::bind).containsExactly("replica", "auth", "replica");
            assertThat(s.lastRoute().bind()).isEqualTo("replica");
            assertThat(s.toString()).contains("auth", "replica");
        }
        try (RoutingSession s = db.openSession()) {
            s.find(Todo.class, 1L);
            assertThat(s.routes()).singleElement().satisfies(r -> assertThat(r.role()).isEqualTo(Role.REPLICA));
            assertThat(s.lastRoute()).isSameAs(s.routes().get(0));
            assertThat(s.hasWritten()).isFalse();
            assertThat(s.writtenGroups()).isEmpty();
            assertThat(s.causalToken()).isEqualTo(dev.bindery.CausalToken.NONE);
        }
        assertThat(binds.poolStats("replica").active()).isZero();
        assertThat(binds.poolStats("auth").active()).isZero();
    }

    @Test
    void unwrappingAnUnknownBindIsRefusedWithTheKnownBinds() {
        try (RoutingSession s = db.openSession()) {
            assertThatThrownBy(() -> s.unwrap("replcia"))
                    .isInstanceOf(dev.bindery.UnknownBindException.class)
                    .hasMessageContaining("replica");
        }
    }

    @Test
    void criteriaQueriesGoToTheirRootEntitysGroup() {
        try (RoutingSession s = db.openSession()) {
            CriteriaBuilder cb = s.getCriteriaBuilder();
            CriteriaQuery<Todo> q = cb.createQuery(Todo.class);
            Root<Todo> root = q.from(Todo.class);
            q.select(root).where(cb.equal(root.get("priority"), 2));
            assertThat(s.createSelectionQuery(q).getSingleResult().getTitle()).isEqualTo("b");
            assertThat(s.lastRoute().role()).isEqualTo(Role.REPLICA);

            CriteriaBuilder authCb = s.getCriteriaBuilder(User.class);
            CriteriaQuery<User> uq = authCb.createQuery(User.class);
            uq.select(uq.from(User.class));
            assertThat(s.createSelectionQuery(uq).getSingleResult().getName()).isEqualTo("ada");
            assertThat(s.lastRoute().bind()).isEqualTo("auth");
        }
    }

    @Test
    void hqlWithANonEntityResultGoesToItsRootEntitysGroup() {
        try (RoutingSession s = db.openSession()) {
            assertThat(s.createSelectionQuery("select count(u) from User u", Long.class).getSingleResult()).isEqualTo(1L);
            assertThat(s.lastRoute().bind()).isEqualTo("auth");
            assertThat(s.createSelectionQuery("select max(t.priority) from Todo t", Integer.class).getSingleResult()).isEqualTo(2);
            assertThat(s.lastRoute().bind()).isEqualTo("replica");
        }
    }

    @Test
    void mutationQueriesGoToThePrimaryAndLaterReadsFollow() {
        try (RoutingSession s = db.openSession()) {
            assertThat(s.createMutationQuery("update Todo set priority = 9 where id = 1").executeUpdate()).isEqualTo(1);
            assertThat(s.lastRoute().reason()).isEqualTo(RouteReason.WRITE);
            assertThat(s.find(Todo.class, 1L).getPriority()).isEqualTo(9);
            assertThat(s.lastRoute().reason()).isEqualTo(RouteReason.READ_YOUR_WRITES);
            s.commit();
        }
        assertThat(H2.one(app, "select priority from Todo where id = 1")).isEqualTo(9);
    }

    @Test
    void nativeQueriesGoToTheExplicitBindElseTheDefaultPrimary() {
        try (RoutingSession s = db.openSession()) {
            assertThat(s.createNativeQuery("select count(*) from Todo", Long.class).getSingleResult()).isEqualTo(2L);
            assertThat(s.lastRoute().bind()).isEqualTo(Binds.DEFAULT);
            assertThat(s.lastRoute().reason()).isEqualTo(RouteReason.WRITE);
            assertThat(s.usingBind("auth").createNativeQuery("select name from app_user", String.class).getSingleResult()).isEqualTo("ada");
            assertThat(s.lastRoute().bind()).isEqualTo("auth");
            s.commit();
        }
        try (RoutingSession s = db.openReadOnlySession()) {
            assertThat(s.createNativeQuery("select count(*) from Todo", Long.class).getSingleResult()).isEqualTo(2L);
            assertThat(s.lastRoute().bind()).isEqualTo("replica");
        }
    }

    @Test
    void pessimisticLocksGoToThePrimary() {
        try (RoutingSession s = db.openSession()) {
            Todo t = s.find(Todo.class, 1L, LockModeType.PESSIMISTIC_WRITE);
            assertThat(s.lastRoute().reason()).isEqualTo(RouteReason.WRITE);
            t.setTitle("locked and changed");
            s.commit();
        }
        assertThat(H2.one(app, "select title from Todo where id = 1")).isEqualTo("locked and changed");
    }

    @Test
    void lockingAReplicaLoadedEntityPessimisticallyIsRefusedByTheRouter() {
        try (RoutingSession s = db.openSession()) {
            Todo t = s.find(Todo.class, 1L);
            assertThatThrownBy(() -> s.lock(t, LockModeType.PESSIMISTIC_WRITE))
                    .isInstanceOf(ReplicaWriteException.class)
                    .hasMessageContaining("Refused a statement that writes (or locks) on bind 'replica'")
                    .hasMessageContaining("writes and locks go to the primary of group 'default'");
        }
    }

    @Test
    void mergeWritesADetachedEntityToThePrimary() {
        Todo detached;
        try (RoutingSession s = db.openReadOnlySession()) {
            detached = s.find(Todo.class, 2L);
        }
        detached.setTitle("merged");
        try (RoutingSession s = db.openSession()) {
            Todo managed = s.merge(detached);
            assertThat(s.lastRoute().bind()).isEqualTo(Binds.DEFAULT);
            assertThat(s.contains(managed)).isTrue();
            s.commit();
        }
        assertThat(H2.one(app, "select title from Todo where id = 2")).isEqualTo("merged");
    }

    @Test
    void sessionOptionsCanPointTheSessionAtABindFromTheStart() {
        try (RoutingSession s = db.openSession(SessionOptions.builder().bind(Binds.DEFAULT).build())) {
            assertThat(s.explicitBind()).isEqualTo(Binds.DEFAULT);
            s.find(Todo.class, 1L);
            assertThat(s.lastRoute().reason()).isEqualTo(RouteReason.EXPLICIT_BIND);
            s.find(User.class, 1L);
            assertThat(s.lastRoute().bind()).as("other groups keep their own routing").isEqualTo("auth");
        }
    }

    @Test
    void refreshReloadsFromTheBindThatLoadedTheEntity() {
        try (RoutingSession s = db.openSession()) {
            Todo t = s.find(Todo.class, 1L);
            H2.exec(app, "update Todo set title = 'changed elsewhere' where id = 1");
            s.refresh(t);
            assertThat(t.getTitle()).isEqualTo("changed elsewhere");
            s.detach(t);
            assertThat(s.contains(t)).isFalse();
            assertThatThrownBy(() -> s.refresh(t)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("it is not managed by this session");
        }
    }

    @Test
    void aBindContextPointingAnEntityAtAnotherGroupIsRefusedWhileNativeSqlFollowsIt() {
        try (RoutingSession s = db.openSession(); BindScope scope = BindContext.use("auth")) {
            assertThatThrownBy(() -> s.find(Todo.class, 1L))
                    .isInstanceOf(BindGroupMismatchException.class)
                    .hasMessage("Work on an entity of group 'default' was routed to bind 'auth' of group 'auth' (CONTEXT_BIND), "
                            + "which does not map it. Nothing was sent. Close the BindContext scope for this work, or point it "
                            + "at a bind of group 'default'.");
            assertThat(s.createNativeQuery("select name from app_user", String.class).getSingleResult()).isEqualTo("ada");
            assertThat(s.lastRoute().reason()).isEqualTo(RouteReason.CONTEXT_BIND);
            s.rollback();
        }
    }
}
