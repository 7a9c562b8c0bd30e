package dev.bindery.hibernate;

import dev.bindery.spi.Role;
import dev.bindery.spi.RouteReason;
import dev.bindery.spi.Route;
import dev.bindery.Binds;
import dev.bindery.hibernate.model.Todo;
import dev.bindery.test.ReplicatedDatabase;
import dev.bindery.test.PostgresReplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reads on replicas and writes on the primary (like assembl's ReadWriteSession), on a real PostgreSQL primary with two streaming replicas. */
@PostgresReplication(replicas = 2)
class ReadWriteSplittingOnPostgresTest {
    private static Binds binds;
    private static Database db;

    @BeforeAll
    static void setUp(ReplicatedDatabase cluster) {
        binds = cluster.binds();
        db = Database.builder(binds).entities(Todo.class).build();
        db.createAll();
        cluster.awaitCaughtUp(Duration.ofSeconds(30));
    }

    @AfterAll
    static void tearDown() {
        db.close();
        binds.close();
    }

    @BeforeEach
    void empty(ReplicatedDatabase cluster) {
        db.inTransaction(s -> s.createMutationQuery("delete from Todo").executeUpdate());
        cluster.awaitCaughtUp(Duration.ofSeconds(30));
    }

    @AfterEach
    void heal(ReplicatedDatabase cluster) {
        cluster.heal();
    }

    private static boolean inRecovery(RoutingSession session, String bind) {
        return session.unwrap(bind).createNativeQuery("select pg_is_in_recovery()", Boolean.class).getSingleResult();
    }

    @Test
    void readsHitReplicasAndWritesHitThePrimaryAsTheServerSeesIt(ReplicatedDatabase cluster) {
        db.inTransaction(s -> s.persist(new Todo("replicated")));
        cluster.awaitCaughtUp(Duration.ofSeconds(30));
        try (RoutingSession session = db.openSession()) {
            Set<String> readers = new HashSet<>();
            for (int i = 0; i < 4; i++) {
                assertThat(session.createSelectionQuery("from Todo", Todo.class).getResultList()).hasSize(1);
                Route read = session.lastRoute();
                assertThat(read.role()).isEqualTo(Role.REPLICA);
                assertThat(inRecovery(session, read.bind())).as("server behind " + read.bind() + " is a standby").isTrue();
                readers.add(read.bind());
            }
            assertThat(readers).as("round-robin over both replicas").containsExactlyInAnyOrder("replica-1", "replica-2");

            session.persist(new Todo("written"));
            Route write = session.lastRoute();
            assertThat(write.bind()).isEqualTo(Binds.DEFAULT);
            assertThat(write.reason()).isEqualTo(RouteReason.WRITE);
            assertThat(inRecovery(session, write.bind())).as("the server that took the write is the primary").isFalse();
            session.commit();
        }
    }

    @Test
    void aWriteIsOnThePrimaryAndAbsentFromAPausedReplica(ReplicatedDatabase cluster) {
        cluster.pauseReplay(cluster.replica(1));
        cluster.pauseReplay(cluster.replica(2));
        db.inTransaction(s -> s.persist(new Todo("only on the primary so far")));
        try (RoutingSession session = db.openReadOnlySession()) {
            assertThat(session.createSelectionQuery("from Todo", Todo.class).getResultList()).isEmpty();
            assertThat(session.lastRoute().role()).isEqualTo(Role.REPLICA);
            assertThat(session.usingBind(Binds.DEFAULT).createSelectionQuery("from Todo", Todo.class).getResultList()).hasSize(1);
        }
    }

    @Test
    void aReadOnlySessionRefusesWritesAndTheDatabaseStaysUnchanged() {
        try (RoutingSession session = db.openReadOnlySession()) {
            assertThatThrownBy(() -> session.persist(new Todo("refused")))
                    .isInstanceOf(ReadOnlySessionException.class)
                    .hasMessageContaining("nothing was sent");
            assertThatThrownBy(() -> session.createMutationQuery("delete from Todo"))
                    .isInstanceOf(ReadOnlySessionException.class);
            assertThat(session.routes()).isEmpty();
        }
        try (RoutingSession session = db.openSession().usingBind(Binds.DEFAULT)) {
            assertThat(session.createSelectionQuery("select count(t) from Todo t", Long.class).getSingleResult()).isZero();
        }
    }

    @Test
    void aNativeWriteSlippingToAReplicaIsRefusedBeforeAnySql() {
        try (RoutingSession session = db.openSession()) {
            assertThatThrownBy(() -> session.usingBind("replica-1")
                    .createNativeQuery("insert into Todo(title, priority) values ('sneaky', 0) returning id", Long.class)
                    .getSingleResult())
                    .isInstanceOf(dev.bindery.ReplicaWriteException.class)
                    .hasMessageContaining("nothing was sent");
        }
        long sneaky = db.fromTransaction(s -> s.createSelectionQuery("select count(t) from Todo t where t.title = 'sneaky'", Long.class)
                .getSingleResult());
        assertThat(sneaky).isZero();
    }

    @Test
    void readYourWritesHoldsWithinASessionWhileBothReplicasArePaused(ReplicatedDatabase cluster) {
        cluster.pauseReplay(cluster.replica(1));
        cluster.pauseReplay(cluster.replica(2));
        try (RoutingSession session = db.openSession()) {
            Todo todo = new Todo("mine");
            session.persist(todo);
            session.commit();
            session.clear();
            Todo again = session.find(Todo.class, todo.getId());
            assertThat(again).isNotNull();
            assertThat(again.getTitle()).isEqualTo("mine");
            assertThat(session.lastRoute().reason()).isEqualTo(RouteReason.READ_YOUR_WRITES);
            assertThat(session.createSelectionQuery("from Todo", Todo.class).getResultList()).hasSize(1);
            assertThat(inRecovery(session, session.lastRoute().bind())).isFalse();
        }
        try (RoutingSession other = db.openSession()) {
            assertThat(other.createSelectionQuery("from Todo", Todo.class).getResultList())
                    .as("another session reads a paused replica, which has not replayed the write").isEmpty();
        }
    }
}
