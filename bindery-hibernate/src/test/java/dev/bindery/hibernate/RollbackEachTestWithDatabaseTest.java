package dev.bindery.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bindery.Binds;
import dev.bindery.hibernate.model.Todo;
import dev.bindery.test.RollbackEachTest;
import dev.bindery.test.TestTransaction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * bindery-test's per-test rollback extended to {@link Database} sessions: every session of a test takes its
 * connections from the test's {@link TestTransaction}, so commits are savepoints and nothing outlives the test. The
 * tagged region is shown verbatim in docs/hibernate.md (DocSnippetsAreCompiledTest in bindery-it checks it).
 */
// tag::per-test-rollback[]
@RollbackEachTest
class RollbackEachTestWithDatabaseTest {
    static volatile TestTransaction current;
    static Binds binds = Binds.builder().bind(Binds.DEFAULT, "jdbc:h2:mem:rollback-each;DB_CLOSE_DELAY=-1").build();
    static Database db = Database.builder(binds).entities(Todo.class)
            .dataSourceWrapper(ds -> current == null ? ds : current.wrap(ds))
            .build();

    @BeforeAll static void createTables() { db.createAll(); }
    @BeforeEach void pin(TestTransaction tx) { current = tx; }
    @AfterEach void unpin() { current = null; }

    @Test void savesATodo() {
        db.inTransaction(s -> s.persist(new Todo("kept until the test ends")));
        assertThat(count()).isEqualTo(1);
    }

    @Test void commitsBecomeSavepoints() {
        try (RoutingSession s = db.openSession()) {
            s.persist(new Todo("one"));
            s.commit();                                   // a savepoint: the test sees the row, nothing is committed
        }
        assertThat(count()).isEqualTo(1);
    }

    @AfterAll static void nothingOutlivesTheTests() {     // every test was rolled back
        assertThat(H2.one(binds.config(Binds.DEFAULT).url(), "select count(*) from Todo")).isEqualTo(0L);
        db.close();
        binds.close();
    }

    static long count() {
        return db.fromTransaction(s -> s.createSelectionQuery("select count(t) from Todo t", Long.class).getSingleResult());
    }
}
// end::per-test-rollback[]
