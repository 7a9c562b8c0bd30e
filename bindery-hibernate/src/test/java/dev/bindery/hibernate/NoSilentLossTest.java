package dev.bindery.hibernate;

import dev.bindery.spi.Role;
import dev.bindery.Binds;
import dev.bindery.hibernate.model.Board;
import dev.bindery.hibernate.model.Ticket;
import dev.bindery.hibernate.model.Todo;
import jakarta.persistence.OptimisticLockException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An entity loaded from a replica and then changed reaches the primary, changed attributes only, or the commit is
 * refused; a change is never dropped without an error. The "replica" here is a separate H2 database, so each test
 * decides how stale it is.
 */
class NoSilentLossTest {
    private static Binds binds;
    private static Database db;
    private static String primary;
    private static String replica;

    @BeforeAll
    static void setUp() {
        binds = H2.separateReplica("nosilentloss");
        primary = binds.config(Binds.DEFAULT).url();
        replica = binds.config("replica").url();
        db = Database.builder(binds).entities(Todo.class, Ticket.class, Board.class).build();
        db.createAll();
        // the replica gets its schema "through replication": here, a Database whose default bind is the replica database
        try (Binds asPrimary = Binds.builder().bind(Binds.DEFAULT, replica).build();
             Database copy = Database.builder(asPrimary).entities(Todo.class, Ticket.class, Board.class).build()) {
            copy.createAll();
        }
    }

    @AfterAll
    static void tearDown() {
        db.close();
        binds.close();
    }

    @BeforeEach
    void empty() {
        for (String url : new String[] {primary, replica}) {
            H2.exec(url, "delete from Todo", "delete from Ticket", "delete from Board_labels", "delete from Board");
        }
    }

    private static void both(String... sql) {
        H2.exec(primary, sql);
        H2.exec(replica, sql);
    }

    @Test
    void aChangedReplicaEntityIsWrittenToThePrimaryAtCommit() {
        both("insert into Todo(id, title, priority) values (1, 'draft', 1)");
        try (RoutingSession session = db.openSession()) {
            Todo todo = session.find(Todo.class, 1L);
            assertThat(session.lastRoute().role()).isEqualTo(Role.REPLICA);
            todo.setTitle("final");
            session.commit();
            assertThat(session.writtenGroups()).containsExactly(Binds.DEFAULT);
        }
        assertThat(H2.one(primary, "select title from Todo where id = 1")).isEqualTo("final");
        assertThat(H2.one(replica, "select title from Todo where id = 1")).isEqualTo("draft");
    }

    @Test
    void aChangeToAnEntityReadThroughUsingBindReplicaStillReachesThePrimary() {
        both("insert into Todo(id, title, priority) values (1, 'draft', 1)");
        try (RoutingSession session = db.openSession()) {
            Todo todo = session.usingBind("replica").createSelectionQuery("from Todo", Todo.class).getSingleResult();
            todo.setTitle("final");
            session.commit();
            assertThat(session.lastRoute().bind()).isEqualTo(Binds.DEFAULT);
            assertThat(session.lastRoute().reason()).isEqualTo(dev.bindery.spi.RouteReason.WRITE);
        }
        assertThat(H2.one(primary, "select title from Todo where id = 1")).isEqualTo("final");
    }

    @Test
    void aStaleReplicaCopyNeverOverwritesNewerColumnsOnThePrimary() {
        H2.exec(primary, "insert into Todo(id, title, priority) values (1, 'draft', 9)");
        H2.exec(replica, "insert into Todo(id, title, priority) values (1, 'draft', 1)");
        try (RoutingSession session = db.openSession()) {
            Todo todo = session.find(Todo.class, 1L);
            assertThat(todo.getPriority()).isEqualTo(1);
            todo.setTitle("final");
            session.commit();
        }
        assertThat(H2.one(primary, "select title from Todo where id = 1")).isEqualTo("final");
        assertThat(H2.one(primary, "select priority from Todo where id = 1")).isEqualTo(9);
    }

    @Test
    void aVersionThatMovedOnThePrimaryRaisesAnOptimisticLockFailure() {
        H2.exec(primary, "insert into Ticket(id, version, status) values (1, 2, 'closed')");
        H2.exec(replica, "insert into Ticket(id, version, status) values (1, 1, 'open')");
        try (RoutingSession session = db.openSession()) {
            Ticket ticket = session.find(Ticket.class, 1L);
            ticket.setStatus("in progress");
            assertThatThrownBy(session::commit)
                    .isInstanceOf(OptimisticLockException.class)
                    .hasMessageContaining("Ticket#1 (changed: status) was loaded from replica 'replica' at version 1, "
                            + "but the primary 'default' has version 2");
        }
        assertThat(H2.one(primary, "select status from Ticket where id = 1")).isEqualTo("closed");
    }

    @Test
    void aVersionedEntityCanBeChangedAndCommittedTwiceInOneSession() {
        both("insert into Ticket(id, version, status) values (1, 0, 'open')");
        try (RoutingSession session = db.openSession()) {
            Ticket ticket = session.find(Ticket.class, 1L);
            ticket.setStatus("in progress");
            session.commit();
            assertThat(ticket.getVersion()).isEqualTo(1L);
            ticket.setStatus("done");
            session.commit();
            assertThat(ticket.getVersion()).isEqualTo(2L);
        }
        assertThat(H2.one(primary, "select status from Ticket where id = 1")).isEqualTo("done");
        assertThat(H2.one(primary, "select version from Ticket where id = 1")).isEqualTo(2L);
    }

    @Test
    void anUnchangedReplicaEntityWritesNothing() {
        both("insert into Todo(id, title, priority) values (1, 'draft', 1)");
        try (RoutingSession session = db.openSession()) {
            session.find(Todo.class, 1L);
            session.commit();
            assertThat(session.hasWritten()).isFalse();
        }
    }

    @Test
    void aChangedCollectionOnAReplicaEntityIsRefusedWithHowToLoadItForWriting() {
        both("insert into Board(id, name) values (1, 'roadmap')");
        try (RoutingSession session = db.openSession()) {
            Board board = session.find(Board.class, 1L);
            board.getLabels().add("urgent");
            assertThatThrownBy(session::commit)
                    .isInstanceOf(ReplicaEntityModifiedException.class)
                    .hasMessageContaining("Collections [Board.labels of #1] were changed on entities loaded from replica 'replica'")
                    .hasMessageContaining("nothing was written")
                    .hasMessageContaining("find(Entity.class, id, LockModeType.PESSIMISTIC_WRITE)");
        }
        assertThat(H2.one(primary, "select count(*) from Board_labels")).isEqualTo(0L);
    }

    @Test
    void aReplicaEntityDeletedOnThePrimaryIsRefused() {
        H2.exec(replica, "insert into Todo(id, title, priority) values (1, 'draft', 1)");
        try (RoutingSession session = db.openSession()) {
            Todo todo = session.find(Todo.class, 1L);
            todo.setTitle("final");
            assertThatThrownBy(session::commit)
                    .isInstanceOf(ReplicaEntityModifiedException.class)
                    .hasMessageContaining("Todo#1 (changed: title) was loaded from replica 'replica' and changed, but the row "
                            + "no longer exists on the primary 'default'");
        }
        assertThat(H2.one(primary, "select count(*) from Todo")).isEqualTo(0L);
    }

    @Test
    void aChangeInAReadOnlySessionIsRefusedAtCommit() {
        both("insert into Todo(id, title, priority) values (1, 'draft', 1)");
        try (RoutingSession session = db.openReadOnlySession()) {
            Todo todo = session.find(Todo.class, 1L);
            todo.setTitle("final");
            assertThatThrownBy(session::flush).isInstanceOf(ReadOnlySessionException.class);
            assertThatThrownBy(session::commit)
                    .isInstanceOf(ReadOnlySessionException.class)
                    .hasMessageContaining("Refused to flush changes in a read-only session: [Todo#1 (changed: title)], "
                            + "loaded from bind 'replica'");
            assertThat(session.contains(todo)).as("a failed commit rolls back and clears the session").isFalse();
        }
        assertThat(H2.one(primary, "select title from Todo where id = 1")).isEqualTo("draft");
    }

    @Test
    void aChangedEntityReadFromThePrimaryOutsideATransactionIsWrittenAtCommit() {
        both("insert into Todo(id, title, priority) values (1, 'draft', 1)");
        try (RoutingSession session = db.openSession(SessionOptions.builder().primaryReads(true).build())) {
            Todo todo = session.find(Todo.class, 1L);
            assertThat(session.lastRoute().role()).isEqualTo(Role.PRIMARY);
            todo.setTitle("final");
            session.commit();
        }
        assertThat(H2.one(primary, "select title from Todo where id = 1")).isEqualTo("final");
    }

    @Test
    void removingAReplicaEntityDeletesItOnThePrimary() {
        both("insert into Todo(id, title, priority) values (1, 'draft', 1)");
        try (RoutingSession session = db.openSession()) {
            Todo todo = session.find(Todo.class, 1L);
            session.remove(todo);
            assertThat(session.contains(todo)).isFalse();
            session.commit();
        }
        assertThat(H2.one(primary, "select count(*) from Todo")).isEqualTo(0L);
    }
}
