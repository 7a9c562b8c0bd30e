package dev.bindery.hibernate;

import dev.bindery.Binds;
import dev.bindery.Role;
import dev.bindery.hibernate.model.Todo;
import dev.bindery.hibernate.model.User;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The quick start of docs/hibernate.md, run as written (with unique database names). */
class DocsExampleTest {

    @Test
    void quickStartRunsAsDocumented() {
        String app = H2.url("app");
        Binds binds = Binds.builder()
                .bind(Binds.DEFAULT, app)
                .bind("replica", b -> b.url(app).replicaOf(Binds.DEFAULT))
                .bind("auth", H2.url("auth"))
                .build();
        try (binds; Database db = Database.builder(binds).entities(Todo.class, User.class).build()) {
            db.createAll();

            db.inTransaction(session -> {
                session.persist(new Todo("write docs"));
                session.persist(new User("ada"));
            });

            try (RoutingSession session = db.openSession()) {
                List<Todo> todos = session.createSelectionQuery("from Todo", Todo.class).getResultList();
                assertThat(session.lastRoute().role()).isEqualTo(Role.REPLICA);
                todos.get(0).setTitle("write better docs");
                session.commit();
            }

            long n = db.fromTransaction(s -> s.usingBind("replica")
                    .createSelectionQuery("select count(t) from Todo t", Long.class).getSingleResult());
            assertThat(n).isEqualTo(1L);
            assertThat(H2.one(app, "select title from Todo")).isEqualTo("write better docs");
            assertThat(H2.one(binds.config("auth").url(), "select name from app_user")).isEqualTo("ada");
        }
    }
}
