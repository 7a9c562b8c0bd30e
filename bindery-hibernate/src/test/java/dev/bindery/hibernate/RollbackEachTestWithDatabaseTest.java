package dev.bindery.hibernate;

import dev.bindery.Binds;
import dev.bindery.hibernate.model.Todo;
import dev.bindery.test.RollbackEachTest;
import dev.bindery.test.TestTransaction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bindery-test's per-test rollback extended to {@link Database} sessions: every session of a test takes its
 * connections from the test's {@link TestTransaction}, so commits are savepoints and nothing outlives the test.
 */
@RollbackEachTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RollbackEachTestWithDatabaseTest {
    private static volatile TestTransaction current;
    private static Binds binds;
    private static Database db;

    @BeforeAll
    static void setUp() {
        binds = H2.sharedDatabase("rollback");
        db = Database.builder(binds).entities(Todo.class)
                .dataSourceWrapper(ds -> current == null ? ds : current.wrap(ds))
                .build();
        db.createAll();
    }

    @AfterAll
    static void tearDown() {
        db.close();
        binds.close();
    }

    @BeforeEach
    void pin(TestTransaction tx) {
        current = tx;
    }

    @AfterEach
    void unpin() {
        current = null;
    }

    private static long countOnPrimary() {
        try (RoutingSession s = db.openSession()) {
            return s.usingBind(Binds.DEFAULT).createSelectionQuery("select count(t) from Todo t", Long.class).getSingleResult();
        }
    }

    @Test
    @Order(1)
    void aTestCommitsThroughSessionsAndSeesItsRows() {
        db.inTransaction(s -> {
            s.persist(new Todo("one"));
            s.persist(new Todo("two"));
        });
        try (RoutingSession s = db.openSession()) {
            s.persist(new Todo("three"));
            s.commit();
        }
        assertThat(countOnPrimary()).isEqualTo(3L);
    }

    @Test
    @Order(2)
    void theNextTestFindsNothingLeftBehind() {
        assertThat(countOnPrimary()).isZero();
        assertThat(H2.one(binds.config(Binds.DEFAULT).url(), "select count(*) from Todo")).isEqualTo(0L);
    }
}
