package dev.bindery.example.spring;

import dev.bindery.BindSwitchException;
import dev.bindery.BinderyException;
import dev.bindery.Binds;
import dev.bindery.ReplicaWriteException;
import dev.bindery.example.spring.notes.Note;
import dev.bindery.example.spring.probe.ReadOnlyNoteWriter;
import dev.bindery.hibernate.Database;
import dev.bindery.spi.Refusal;
import dev.bindery.test.Node;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hibernate.Session;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * One answer for a write inside a transaction routed to a replica, whichever integration sends it (issues 14 and 16):
 * a standard Hibernate session of bindery-hibernate and Spring's {@code @Transactional(readOnly = true)} with
 * {@code JdbcTemplate} both get core's {@code ReplicaWriteException} (a {@code BindSwitchException}) before any SQL,
 * each counted once as {@code READ_ONLY_WRITE}. On PostgreSQL the replica would refuse the write too; the exception
 * class says the router refused it first.
 */
class ReplicaWriteRefusalTest extends StarterApplicationTest {
    @Autowired
    ReadOnlyNoteWriter writer;

    @Test
    void aWriteInAReadOnlyTransactionIsTheSameRefusalThroughHibernateAndSpring() {
        awaitAllServing();
        DB.awaitReplicasCaughtUp();
        Map<String, String> rowsBefore = noteCounts();
        long refusedBefore = readOnlyWriteRefusals();

        Throwable viaHibernate;
        try (Database db = Database.builder(binds).entities(Note.class).build();
             Session s = db.sessionFactory(Binds.DEFAULT).withOptions().readOnly(true).openSession()) {
            s.beginTransaction();
            viaHibernate = catchThrowable(() -> {
                s.persist(new Note("refused through Hibernate"));
                s.flush();
            });
            s.getTransaction().rollback();
        }
        assertThat(readOnlyWriteRefusals()).isEqualTo(refusedBefore + 1);

        Throwable viaSpring = catchThrowable(() -> writer.insertNote("refused through Spring"));
        assertThat(readOnlyWriteRefusals()).isEqualTo(refusedBefore + 2);

        assertThat(refusal(viaHibernate)).isInstanceOf(ReplicaWriteException.class).isInstanceOf(BindSwitchException.class)
                .hasMessageContaining("inside a transaction routed to bind 'replica-")
                .hasMessageContaining("run this work in a read-write transaction");
        assertThat(refusal(viaSpring)).isExactlyInstanceOf(refusal(viaHibernate).getClass())
                .hasMessageContaining("inside a transaction routed to bind 'replica-");
        DB.awaitReplicasCaughtUp();
        assertThat(noteCounts()).as("notes on each node: nothing was written anywhere").isEqualTo(rowsBefore);
    }

    private long readOnlyWriteRefusals() {
        return binds.router().refusals().get(Refusal.Kind.READ_ONLY_WRITE);
    }

    /** The number of notes on each node of the notes database, by node name. */
    private static Map<String, String> noteCounts() {
        Map<String, String> counts = new LinkedHashMap<>();
        for (Node node : DB.notes.nodes()) {
            counts.put(node.name(), ExampleDatabases.strings(DB.notes, node, "SELECT count(*) FROM note").get(0));
        }
        return counts;
    }

    /** The Bindery exception in {@code e}'s cause chain (Hibernate and JPA wrap it), else {@code e}. */
    private static Throwable refusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BinderyException) {
                return t;
            }
        }
        return e;
    }
}
