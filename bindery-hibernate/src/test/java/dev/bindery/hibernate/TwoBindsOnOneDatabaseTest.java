package dev.bindery.hibernate;

import dev.bindery.spi.Role;
import dev.bindery.spi.RouteReason;
import dev.bindery.Binds;
import dev.bindery.hibernate.model.Todo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Two binds sharing one in-memory database, as quart-sqlalchemy's routing session shares one SQLite file: a write through one is read through the other. */
class TwoBindsOnOneDatabaseTest {
    private Binds binds;
    private Database db;

    @BeforeEach
    void setUp() {
        binds = H2.sharedDatabase("seed000");
        db = Database.builder(binds).entities(Todo.class).build();
        db.createAll(Binds.DEFAULT);
    }

    @AfterEach
    void tearDown() {
        db.close();
        binds.close();
    }

    @Test
    void aTodoAddedThroughTheDefaultBindIsSeenThroughTheReplicaBind() {
        try (RoutingSession session = db.openSession()) {
            session.persist(new Todo("write the seed test"));
            session.commit();
            assertThat(session.createSelectionQuery("from Todo", Todo.class).getResultList()).hasSize(1);
            assertThat(session.lastRoute().bind()).isEqualTo(Binds.DEFAULT);
            assertThat(session.lastRoute().reason()).isEqualTo(RouteReason.READ_YOUR_WRITES);
        }
        try (RoutingSession session = db.openSession()) {
            assertThat(session.usingBind("replica").createSelectionQuery("from Todo", Todo.class).getResultList()).hasSize(1);
            assertThat(session.lastRoute().bind()).isEqualTo("replica");
            assertThat(session.lastRoute().reason()).isEqualTo(RouteReason.EXPLICIT_BIND);
        }
    }

    @Test
    void readsGoToTheReplicaAndWritesToThePrimary() {
        db.inTransaction(s -> s.persist(new Todo("one")));
        try (RoutingSession session = db.openSession()) {
            assertThat(session.createSelectionQuery("select count(t) from Todo t", Long.class).getSingleResult()).isEqualTo(1L);
            assertThat(session.lastRoute().role()).isEqualTo(Role.REPLICA);
            assertThat(session.lastRoute().reason()).isEqualTo(RouteReason.REPLICA_READ);
            session.persist(new Todo("two"));
            assertThat(session.lastRoute().bind()).isEqualTo(Binds.DEFAULT);
            assertThat(session.lastRoute().reason()).isEqualTo(RouteReason.WRITE);
            assertThat(session.hasWritten()).isTrue();
            assertThat(session.writtenGroups()).containsExactly(Binds.DEFAULT);
            session.commit();
        }
        assertThat(H2.one(binds.config(Binds.DEFAULT).url(), "select count(*) from Todo")).isEqualTo(2L);
    }

    @Test
    void inTransactionSendsEveryReadOfTheGroupToThePrimary() {
        long count = db.fromTransaction(s -> {
            s.persist(new Todo("a"));
            long n = s.createSelectionQuery("select count(t) from Todo t", Long.class).getSingleResult();
            assertThat(s.lastRoute().reason()).isEqualTo(RouteReason.READ_WRITE_TRANSACTION);
            return n;
        });
        assertThat(count).isEqualTo(1L);
    }

    @Test
    void inspectionShowsDataSourcesEntitiesAndTheSharedSessionFactory() {
        assertThat(db.dataSources()).containsOnlyKeys(Binds.DEFAULT, "replica");
        assertThat(db.dataSource()).isSameAs(binds.dataSource(Binds.DEFAULT));
        assertThat(db.entities(Binds.DEFAULT)).containsExactly(Todo.class);
        assertThat(db.entities("replica")).containsExactly(Todo.class);
        assertThat(db.sessionFactory("replica")).isSameAs(db.sessionFactory(Binds.DEFAULT));
    }
}
