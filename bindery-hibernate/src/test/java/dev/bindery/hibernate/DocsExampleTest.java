package dev.bindery.hibernate;

import dev.bindery.spi.Role;
import dev.bindery.Binds;
import dev.bindery.spi.Route;
import dev.bindery.spi.RouteReason;
import dev.bindery.hibernate.model.Todo;
import dev.bindery.hibernate.model.User;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The Hibernate examples of docs/hibernate.md and README.md, compiled and run. Each {@code tag::} region is shown
 * verbatim in the docs (DocSnippetsAreCompiledTest in bindery-it checks it), so change a region and its doc block
 * together.
 */
class DocsExampleTest {

    @Test
    void quickStartRunsAsDocumented() {
        String app = H2.url("app");                                     // "jdbc:h2:mem:app;DB_CLOSE_DELAY=-1", unique
        String auth = H2.url("auth");
        // tag::quick-start[]
        Binds binds = Binds.builder()
                .bind(Binds.DEFAULT, app)
                .bind("replica", b -> b.url(app).replicaOf(Binds.DEFAULT))
                .bind("auth", auth)
                .build();

        // model.Todo: @Entity, no @BindKey: the default group. model.User: @Entity @BindKey("auth"): the "auth" group.
        Database db = Database.builder(binds).entities(Todo.class, User.class).build();   // or .packages("com.acme.model")
        db.createAll();                                       // Todo's table on "default", User's on "auth"; never on "replica"

        db.inTransaction(session -> {                         // commit on success, rollback on exception
            session.persist(new Todo("write docs"));          // -> default (primary), WRITE
            session.persist(new User("ada"));                 // -> auth, WRITE
        });

        try (RoutingSession session = db.openSession()) {
            List<Todo> todos = session.createSelectionQuery("from Todo", Todo.class).getResultList();  // -> replica
            Route route = session.lastRoute();                // Route[replica (replica of default), REPLICA_READ]
            todos.get(0).setTitle("write better docs");       // loaded from the replica, changed...
            session.commit();                                 // ...written to the primary: only the changed column
        }

        long n = db.fromTransaction(s -> s.usingBind("replica")
                .createSelectionQuery("select count(t) from Todo t", Long.class).getSingleResult());
        // end::quick-start[]
        try (binds; db) {
            assertThat(n).isEqualTo(1L);
            assertThat(H2.one(app, "select title from Todo")).isEqualTo("write better docs");
            assertThat(H2.one(auth, "select name from app_user")).isEqualTo("ada");
        }
    }

    @Test
    void aReplicaRouteIsTheLastRouteOfAReadingSession() {
        String app = H2.url("last-route");
        try (Binds binds = Binds.builder().bind(Binds.DEFAULT, app).bind("replica", b -> b.url(app).replicaOf(Binds.DEFAULT)).build();
             Database db = Database.builder(binds).entities(Todo.class).build()) {
            db.createAll();
            try (RoutingSession session = db.openSession()) {
                session.createSelectionQuery("from Todo", Todo.class).getResultList();
                assertThat(session.lastRoute().bind()).isEqualTo("replica");
                assertThat(session.lastRoute().role()).isEqualTo(Role.REPLICA);
                assertThat(session.lastRoute().reason()).isEqualTo(RouteReason.REPLICA_READ);
            }
        }
    }

    @Test
    void theReadmeQuickStartWritesToThePrimaryAndReadsFromTheReplicas() {
        String app = H2.url("readme");
        List<Route> routes = new ArrayList<>();
        Binds binds = Binds.builder()
                .bind(Binds.DEFAULT, app)
                .bind("replica", b -> b.url(app).replicaOf(Binds.DEFAULT))
                .bind("auth", H2.url("readme-auth"))
                .onRoute(routes::add)
                .build();
        try (binds) {
            // tag::readme[]
            // User is @Entity @Table(name = "app_user") @BindKey("auth"): "user" is a reserved word on H2 and PostgreSQL
            // Todo has no @BindKey: the default bind
            Database db = Database.builder(binds).entities(Todo.class, User.class).build();
            db.createAll();                                             // each bind gets its own entities' tables; replicas never
            db.inTransaction(session -> session.persist(new Todo("write docs")));        // primary; commit or roll back
            try (RoutingSession session = db.openSession()) {
                session.createSelectionQuery("from Todo", Todo.class).getResultList();    // a replica
                session.usingBind("replica").find(Todo.class, 1L);                        // a named bind
            }
            // end::readme[]
            db.close();
            assertThat(routes).extracting(Route::bind, Route::reason).containsExactly(
                    tuple(Binds.DEFAULT, RouteReason.WRITE),
                    tuple("replica", RouteReason.REPLICA_READ),
                    tuple("replica", RouteReason.EXPLICIT_BIND));
            assertThat(H2.one(app, "select title from Todo where id = 1")).isEqualTo("write docs");
            assertThat(H2.one(binds.config("auth").url(), "select count(*) from app_user")).isEqualTo(0L);
        }
    }
}
