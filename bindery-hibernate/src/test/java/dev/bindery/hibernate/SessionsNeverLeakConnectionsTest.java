package dev.bindery.hibernate;

import dev.bindery.Binds;
import dev.bindery.hibernate.model.Ticket;
import dev.bindery.hibernate.model.Todo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** A thousand sessions that fail in every way a session can fail leave every pool with no connection in use. */
class SessionsNeverLeakConnectionsTest {
    private static Binds binds;
    private static Database db;

    @BeforeAll
    static void setUp() {
        binds = H2.sharedDatabase("leaks");
        db = Database.builder(binds).entities(Todo.class, Ticket.class).build();
        db.createAll();
    }

    @AfterAll
    static void tearDown() {
        db.close();
        binds.close();
    }

    @Test
    void aThousandSessionsWithRandomFailuresLeaveNoActiveConnection() {
        Random random = new Random(20261121L);
        int[] outcomes = new int[2];
        for (int i = 0; i < 1000; i++) {
            int kind = random.nextInt(8);
            try {
                runOne(kind, i);
                outcomes[0]++;
            } catch (RuntimeException | Error e) {
                outcomes[1]++;
            }
        }
        assertThat(outcomes[1]).as("sessions that failed").isGreaterThan(300);
        for (String key : binds.keys()) {
            assertThat(binds.poolStats(key).active()).as("active connections of bind " + key).isZero();
        }
        long committed = db.fromTransaction(s -> s.createSelectionQuery("select count(t) from Todo t", Long.class).getSingleResult());
        assertThat(committed).as("todos committed by the kinds that commit").isPositive();
    }

    private static void runOne(int kind, int i) {
        switch (kind) {
            case 0 -> db.inTransaction(s -> s.persist(new Todo("ok " + i)));
            case 1 -> db.inTransaction(s -> {
                s.persist(new Todo("then the caller fails " + i));
                throw new IllegalStateException("caller failure");
            });
            case 2 -> db.inTransaction(s -> {          // duplicate primary key: fails at flush
                s.persist(new Ticket(1_000_000L + i, "a"));
                s.flush();
                s.createNativeQuery("insert into Ticket(id, version, status) values (" + (1_000_000L + i) + ", 0, 'b')", Integer.class)
                        .executeUpdate();
            });
            case 3 -> {
                try (RoutingSession s = db.openSession()) {   // bad HQL on a replica session
                    s.createSelectionQuery("from Nothing", Todo.class).getResultList();
                }
            }
            case 4 -> {
                try (RoutingSession s = db.openSession()) {   // closed with uncommitted writes
                    s.persist(new Todo("forgotten " + i));
                }
            }
            case 5 -> {
                try (RoutingSession s = db.openReadOnlySession()) {
                    s.createSelectionQuery("from Todo", Todo.class).setMaxResults(5).getResultList();
                    s.persist(new Todo("refused " + i));
                }
            }
            case 6 -> {
                try (RoutingSession s = db.openSession()) {   // switch mid-transaction
                    s.begin();
                    s.persist(new Todo("switch " + i));
                    s.usingBind("replica");
                }
            }
            default -> {
                try (RoutingSession s = db.openSession()) {
                    s.usingBind("replica").createSelectionQuery("select count(t) from Todo t", Long.class).getSingleResult();
                    s.usingBind(null).persist(new Todo("mixed " + i));
                    s.commit();
                }
            }
        }
    }
}
