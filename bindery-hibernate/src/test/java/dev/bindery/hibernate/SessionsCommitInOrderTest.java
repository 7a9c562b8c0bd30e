package dev.bindery.hibernate;

import dev.bindery.Binds;
import dev.bindery.hibernate.model.Todo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RoutingSession#commitInOrder}: several sessions commit one after another; when one fails, it and the later
 * ones roll back, the earlier ones stay committed, and the outcome says which is which. Checked in the database.
 */
class SessionsCommitInOrderTest {
    private static Binds binds;
    private static Database db;
    private static String url;

    @BeforeAll
    static void setUp() {
        binds = Binds.builder().bind(Binds.DEFAULT, H2.url("commit-in-order")).build();
        url = binds.config(Binds.DEFAULT).url();
        db = Database.builder(binds).entities(Todo.class).build();
        db.createAll();
        H2.exec(url, "create unique index todo_title_unique on Todo(title)");
    }

    @AfterAll
    static void tearDown() {
        db.close();
        binds.close();
    }

    @BeforeEach
    void oneTakenTitle() {
        H2.exec(url, "delete from Todo", "insert into Todo(id, title, priority) values (1001, 'first', 0)",
                "insert into Todo(id, title, priority) values (1002, 'taken', 0)");
    }

    private static long count(String where) {
        return ((Number) H2.one(url, "select count(*) from Todo where " + where)).longValue();
    }

    @Test
    void everySessionCommitsInIterationOrderWhenNoneFails() {
        Map<String, RoutingSession> sessions = new LinkedHashMap<>();
        try {
            // tag::commit-in-order[]
            sessions.put("orders", db.openSession());
            sessions.put("audit", db.openSession());
            sessions.get("orders").persist(new Todo("order 7"));
            sessions.get("audit").persist(new Todo("audit of order 7"));
            CommitOutcome<String> outcome = RoutingSession.commitInOrder(sessions);
            if (!outcome.succeeded()) {
                throw new IllegalStateException("committed " + outcome.committed() + ", then '" + outcome.failed()
                        + "' failed" + (outcome.isAmbiguous() ? "; reconcile before retrying" : ""), outcome.failure());
            }
            // end::commit-in-order[]
            assertThat(outcome.committed()).containsExactly("orders", "audit");
            assertThat(outcome.rolledBack()).isEmpty();
            assertThat(outcome.isAmbiguous()).isFalse();
        } finally {
            sessions.values().forEach(RoutingSession::close);
        }
        assertThat(count("title in ('order 7', 'audit of order 7')")).isEqualTo(2);
    }

    @Test
    void aFailedSessionRollsBackWithEverySessionAfterItAndTheOutcomeNamesWhatCommitted() {
        Map<String, RoutingSession> sessions = new LinkedHashMap<>();
        try {
            sessions.put("a", db.openSession());
            sessions.put("b", db.openSession());
            sessions.put("c", db.openSession());
            sessions.get("a").persist(new Todo("from a"));
            sessions.get("b").find(Todo.class, 1001L).setTitle("taken");     // the unique index refuses it at b's flush
            sessions.get("c").persist(new Todo("from c"));

            CommitOutcome<String> outcome = RoutingSession.commitInOrder(sessions);

            assertThat(outcome.succeeded()).isFalse();
            assertThat(outcome.committed()).containsExactly("a");
            assertThat(outcome.failed()).isEqualTo("b");
            assertThat(outcome.rolledBack()).containsExactly("c");
            assertThat(outcome.failure()).hasStackTraceContaining("TODO_TITLE_UNIQUE");
            assertThat(outcome.certainty()).isEqualTo(CommitOutcome.Certainty.DEFINITE);   // refused at flush: b committed nothing
            assertThat(outcome.isPartial()).isTrue();
            assertThat(outcome.isAmbiguous()).isTrue();                                    // a stays committed: reconcile
            assertThat(sessions.get("b").isCommitAmbiguous()).isFalse();
        } finally {
            sessions.values().forEach(RoutingSession::close);                             // nothing pending: no exception
        }
        assertThat(count("title = 'from a'")).isEqualTo(1);
        assertThat(count("title = 'from c'")).isZero();
        assertThat(count("id = 1001 and title = 'first'")).isEqualTo(1);
    }

    @Test
    void aFirstSessionFailingCommitsNothingAndIsNotAmbiguous() {
        Map<Integer, RoutingSession> sessions = new LinkedHashMap<>();
        try {
            sessions.put(1, db.openSession());
            sessions.put(2, db.openSession());
            sessions.get(1).find(Todo.class, 1001L).setTitle("taken");
            sessions.get(2).persist(new Todo("from 2"));

            CommitOutcome<Integer> outcome = RoutingSession.commitInOrder(sessions);

            assertThat(outcome.committed()).isEmpty();
            assertThat(outcome.failed()).isEqualTo(1);
            assertThat(outcome.rolledBack()).containsExactly(2);
            assertThat(outcome.isPartial()).isFalse();
            assertThat(outcome.isAmbiguous()).isFalse();
        } finally {
            sessions.values().forEach(RoutingSession::close);
        }
        assertThat(count("title = 'from 2'")).isZero();
    }
}
