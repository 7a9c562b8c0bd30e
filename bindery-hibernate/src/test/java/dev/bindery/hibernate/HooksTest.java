package dev.bindery.hibernate;

import dev.bindery.spi.Route;
import dev.bindery.Binds;
import dev.bindery.hibernate.model.Todo;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Listeners for engine created (core), session opened and route decided, like quart-sqlalchemy's signals. The tagged
 * region is shown verbatim in docs/hibernate.md (DocSnippetsAreCompiledTest in bindery-it checks it).
 */
class HooksTest {

    @Test
    void hooksSeePoolsSessionsAndEveryRoute() {
        List<String> pools = new ArrayList<>();
        List<RoutingSession> opened = new ArrayList<>();
        List<Route> routes = new ArrayList<>();
        String url = H2.url("hooks");
        // tag::hooks[]
        Binds binds = Binds.builder()
                .bind(Binds.DEFAULT, url)
                .bind("replica", b -> b.url(url).replicaOf(Binds.DEFAULT))
                .onPoolStarted((key, dataSource) -> pools.add(key))   // a bind's pool started (core)
                .build();
        Database db = Database.builder(binds).entities(Todo.class)
                .onSessionOpened(session -> opened.add(session))        // every RoutingSession, right after it opens
                .onRoute(route -> routes.add(route))                    // every route a session takes
                .build();
        // end::hooks[]
        try (binds; db) {
            db.createAll();
            List<Route> taken;
            try (RoutingSession s = db.openSession()) {
                s.createSelectionQuery("from Todo", Todo.class).getResultList();
                s.persist(new Todo("hook"));
                s.find(Todo.class, 1L);
                s.commit();
                taken = List.copyOf(s.routes());
            }
            assertThat(pools).containsExactly(Binds.DEFAULT, "replica");
            assertThat(opened).hasSize(1);
            assertThat(opened.get(0).isOpen()).isFalse();
            assertThat(routes).containsExactlyElementsOf(taken);
            assertThat(routes).extracting(Route::bind).containsExactly("replica", Binds.DEFAULT, Binds.DEFAULT);
            assertThat(H2.one(url, "select count(*) from Todo")).isEqualTo(1L);
        }
    }
}
