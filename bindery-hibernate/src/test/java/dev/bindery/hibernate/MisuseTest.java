package dev.bindery.hibernate;

import dev.bindery.BindSwitchException;
import dev.bindery.Binds;
import dev.bindery.ReplicaWriteException;
import dev.bindery.UnknownBindException;
import dev.bindery.hibernate.badmodel.Orphan;
import dev.bindery.hibernate.model.Admin;
import dev.bindery.hibernate.model.Todo;
import dev.bindery.hibernate.model.User;
import jakarta.persistence.LockModeType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each misuse raises its own exception, with a message that says what went wrong and what to do. */
class MisuseTest {
    private static Binds binds;
    private static Database db;
    private static String url;

    @BeforeAll
    static void setUp() {
        binds = H2.sharedDatabase("misuse");
        url = binds.config(Binds.DEFAULT).url();
        db = Database.builder(binds).entities(Todo.class).build();
        db.createAll();
    }

    @AfterAll
    static void tearDown() {
        db.close();
        binds.close();
    }

    @BeforeEach
    void empty() {
        H2.exec(url, "delete from Todo");
    }

    @Test
    void anUnknownBindInUsingBindListsTheKnownBinds() {
        try (RoutingSession session = db.openSession()) {
            assertThatThrownBy(() -> session.usingBind("replcia"))
                    .isInstanceOf(UnknownBindException.class)
                    .hasMessageContaining("Unknown bind 'replcia'")
                    .hasMessageContaining("Known binds: [default, replica]");
        }
    }

    @Test
    void switchingBindInsideATransactionIsRefusedAndSaysWhatToDo() {
        try (RoutingSession session = db.openSession()) {
            session.begin();
            session.persist(new Todo("in a transaction on default"));
            assertThatThrownBy(() -> session.usingBind("replica"))
                    .isInstanceOf(BindSwitchException.class)
                    .hasMessageStartingWith("Cannot switch to bind 'replica': a transaction is open on bind 'default' of the "
                            + "same group 'default'")
                    .hasMessageContaining("Commit or roll back first, then ask for bind 'replica'");
            session.commit();
            session.usingBind("replica");
            assertThat(session.createSelectionQuery("from Todo", Todo.class).getResultList()).hasSize(1);
            assertThat(session.lastRoute().bind()).isEqualTo("replica");
        }
    }

    @Test
    void aContextOrExplicitBindCannotPullAnOpenTransactionToAnotherBind() {
        try (RoutingSession session = db.openSession()) {
            session.usingBind("replica");
            session.createSelectionQuery("from Todo", Todo.class).getResultList();
            session.usingBind(null);
            session.persist(new Todo("opens a transaction on default"));
            try (var scope = dev.bindery.BindContext.use("replica")) {
                assertThatThrownBy(() -> session.find(Todo.class, 1L))
                        .isInstanceOf(BindSwitchException.class)
                        .hasMessageStartingWith("Cannot switch to bind 'replica': a transaction is open on bind 'default'");
            }
            session.rollback();
        }
    }

    @Test
    void createAllOnAReplicaNamesThePrimaryToUseInstead() {
        assertThatThrownBy(() -> db.createAll("replica"))
                .isInstanceOf(SchemaOnReadOnlyBindException.class)
                .hasMessage("createAll was asked for bind 'replica', a replica of 'default'. Replicas are never written: "
                        + "they get their schema through replication. Call createAll(\"default\") on the primary instead.");
        assertThatThrownBy(() -> db.dropAll(java.util.List.of("default", "replica")))
                .isInstanceOf(SchemaOnReadOnlyBindException.class)
                .hasMessageContaining("dropAll was asked for bind 'replica'");
        assertThat(H2.one(url, "select count(*) from information_schema.tables where table_name = 'TODO'")).isEqualTo(1L);
    }

    @Test
    void anEntityBoundToAnUndefinedKeyFailsTheBuildNamingEntityAndKey() {
        assertThatThrownBy(() -> Database.builder(binds).entities(Todo.class, Orphan.class).build())
                .isInstanceOf(EntityBindingException.class)
                .hasMessage("Invalid entity binding: entity dev.bindery.hibernate.badmodel.Orphan is bound to 'ledger' "
                        + "(@BindKey on dev.bindery.hibernate.badmodel.Orphan), which the Binds does not define; known binds: "
                        + "[default, replica]. Define bind 'ledger' or correct the @BindKey.");
    }

    @Test
    void everyBadBindingIsReportedAtOnce() {
        assertThatThrownBy(() -> Database.builder(binds).entities(User.class, Admin.class, Orphan.class).build())
                .isInstanceOf(EntityBindingException.class)
                .satisfies(e -> assertThat(((EntityBindingException) e).problems()).hasSize(3))
                .hasMessageContaining("entity dev.bindery.hibernate.model.User is bound to 'auth'")
                .hasMessageContaining("entity dev.bindery.hibernate.model.Admin is bound to 'auth'")
                .hasMessageContaining("'ledger'");
    }

    @Test
    void anEntityBoundToAReplicaIsRefused() {
        Binds withAuthReplica = Binds.builder().bind(Binds.DEFAULT, H2.url("x")).bind("auth", b -> b.url(H2.url("y")).replicaOf(Binds.DEFAULT)).build();
        try (withAuthReplica) {
            assertThatThrownBy(() -> Database.builder(withAuthReplica).entities(User.class).build())
                    .isInstanceOf(EntityBindingException.class)
                    .hasMessageContaining("is bound to 'auth' (@BindKey on dev.bindery.hibernate.model.User), a replica of 'default'; "
                            + "bind entities to the primary 'default'");
        }
    }

    @Test
    void aWriteInAReadOnlySessionIsRefusedBeforeAnySql() {
        try (RoutingSession session = db.openReadOnlySession()) {
            assertThatThrownBy(() -> session.persist(new Todo("nope")))
                    .isInstanceOf(ReadOnlySessionException.class)
                    .hasMessage("Refused persist of Todo in a read-only session; nothing was sent. A read-only session never "
                            + "writes: open a read-write session (db.openSession()) for work that writes.");
            assertThatThrownBy(() -> session.createMutationQuery("delete from Todo"))
                    .isInstanceOf(ReadOnlySessionException.class)
                    .hasMessageContaining("Refused a mutation query of \"delete from Todo\"");
            assertThatThrownBy(() -> session.find(Todo.class, 1L, LockModeType.PESSIMISTIC_WRITE))
                    .isInstanceOf(ReadOnlySessionException.class);
            assertThat(session.routes()).isEmpty();
        }
        assertThat(H2.one(url, "select count(*) from Todo")).isEqualTo(0L);
    }

    @Test
    void aWriteThroughAnExplicitReplicaBindIsRefusedByTheRouter() {
        try (RoutingSession session = db.openSession()) {
            assertThatThrownBy(() -> session.usingBind("replica").persist(new Todo("to the replica?")))
                    .isInstanceOf(ReplicaWriteException.class)
                    .hasMessageContaining("Refused a write routed to bind 'replica'");
        }
        assertThat(H2.one(url, "select count(*) from Todo")).isEqualTo(0L);
    }

    @Test
    void closingWithUncommittedWritesRollsBackAndSaysSo() {
        RoutingSession session = db.openSession();
        session.persist(new Todo("forgotten"));
        assertThatThrownBy(session::close)
                .isInstanceOf(UncommittedWorkException.class)
                .hasMessage("Closed a session with uncommitted writes on binds [default]; they were rolled back and nothing "
                        + "was written. Call commit() before close(), or rollback() to discard them on purpose.");
        assertThat(H2.one(url, "select count(*) from Todo")).isEqualTo(0L);
    }

    @Test
    void anUnmappedClassIsNamedWithTheFix() {
        try (RoutingSession session = db.openSession()) {
            assertThatThrownBy(() -> session.find(User.class, 1L))
                    .isInstanceOf(UnknownEntityException.class)
                    .hasMessageContaining("dev.bindery.hibernate.model.User is not an entity of this Database")
                    .hasMessageContaining(".entities(User.class)");
        }
    }
}
