package dev.bindery.hibernate;

import dev.bindery.config.TransactionIsolation;
import dev.bindery.Binds;
import dev.bindery.hibernate.ledger.AuditEntry;
import dev.bindery.hibernate.ledger.Counter;
import dev.bindery.hibernate.ledger.LedgerLine;
import dev.bindery.test.ReplicatedDatabase;
import dev.bindery.test.PostgresReplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Commit order across binds, {@link PartialCommitException} and {@link RetryPolicy} against real PostgreSQL failures:
 * a deferred constraint that fails at commit, and a serialization failure between two SERIALIZABLE transactions.
 * Two groups ({@code default} and {@code audit}) live in the same PostgreSQL database, each with its own pool.
 */
@PostgresReplication(replicas = 2)
class TransactionsOnPostgresTest {
    private static Binds binds;
    private static Database db;
    private static ReplicatedDatabase cluster;

    static class NotNow extends Exception {
        private static final long serialVersionUID = 1L;

        NotNow(String message) {
            super(message);
        }
    }

    @BeforeAll
    static void setUp(ReplicatedDatabase c) throws SQLException {
        cluster = c;
        binds = Binds.builder()
                .bind(Binds.DEFAULT, b -> b.url(c.jdbcUrl()).poolSize(4).transactionIsolation(TransactionIsolation.SERIALIZABLE))
                .bind("audit", b -> b.url(c.jdbcUrl()).poolSize(2))
                .build();
        db = Database.builder(binds).entities(AuditEntry.class, LedgerLine.class, Counter.class).build();
        db.createAll();
        exec("alter table LedgerLine add constraint ledger_ref_unique unique (ref) deferrable initially deferred");
    }

    @AfterAll
    static void tearDown() {
        db.close();
        binds.close();
    }

    @BeforeEach
    void empty() throws SQLException {
        exec("delete from AuditEntry", "delete from LedgerLine", "delete from Counter", "insert into Counter(id, total) values (1, 0)");
    }

    private static void exec(String... sql) throws SQLException {
        try (Connection conn = cluster.connect(cluster.primary()); Statement s = conn.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    private static long count(String sql) throws SQLException {
        try (Connection conn = cluster.connect(cluster.primary()); Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aBindFailingAfterAnotherCommittedRaisesPartialCommitNamingBoth() throws SQLException {
        try (RoutingSession session = db.openSession()) {
            session.persist(new AuditEntry("transfer 1"));        // first write: audit commits first
            session.persist(new LedgerLine("ref-1"));
            session.persist(new LedgerLine("ref-1"));             // the deferred unique constraint fails at commit
            assertThatThrownBy(session::commit)
                    .isInstanceOf(PartialCommitException.class)
                    .hasMessageStartingWith("Partial commit: binds [audit] committed, then bind 'default' failed to commit")
                    .hasMessageContaining("reconcile it before retrying")
                    .satisfies(e -> {
                        PartialCommitException p = (PartialCommitException) e;
                        assertThat(p.committed()).containsExactly("audit");
                        assertThat(p.failed()).isEqualTo(Binds.DEFAULT);
                    });
        }
        assertThat(count("select count(*) from AuditEntry")).isEqualTo(1);
        assertThat(count("select count(*) from LedgerLine")).isZero();
    }

    @Test
    void aPartialCommitMarksTheSessionAmbiguousAndNamesTheBindsRolledBack() throws SQLException {
        try (RoutingSession session = db.openSession()) {
            session.persist(new AuditEntry("transfer 4"));        // audit commits first
            session.persist(new LedgerLine("ref-4"));
            session.persist(new LedgerLine("ref-4"));             // default fails at commit
            assertThatThrownBy(session::commit)
                    .isInstanceOfSatisfying(PartialCommitException.class, p -> {
                        assertThat(p.committed()).containsExactly("audit");
                        assertThat(p.failed()).isEqualTo(Binds.DEFAULT);
                        assertThat(p.rolledBack()).isEmpty();
                        assertThat(p.certainty()).isNotNull();
                    });
            assertThat(session.isCommitAmbiguous()).isTrue();
            assertThat(session.isTransactionActive()).isFalse();
        }
        assertThat(count("select count(*) from AuditEntry where event = 'transfer 4'")).isEqualTo(1);
        assertThat(count("select count(*) from LedgerLine where ref = 'ref-4'")).isZero();
    }

    @Test
    void bindsCommitInTheOrderOfFirstWriteSoAFirstFailureCommitsNothing() throws SQLException {
        try (RoutingSession session = db.openSession()) {
            session.persist(new LedgerLine("ref-2"));             // first write: default commits first, and fails
            session.persist(new LedgerLine("ref-2"));
            session.persist(new AuditEntry("transfer 2"));
            assertThatThrownBy(session::commit)
                    .isNotInstanceOf(PartialCommitException.class)
                    .hasStackTraceContaining("ledger_ref_unique");
        }
        assertThat(count("select count(*) from AuditEntry")).isZero();
        assertThat(count("select count(*) from LedgerLine")).isZero();
    }

    @Test
    void aPartialCommitIsNeverRerun() throws SQLException {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> db.inTransaction(RetryPolicy.transientErrors(3), s -> {
            attempts.incrementAndGet();
            s.persist(new AuditEntry("once"));
            s.persist(new LedgerLine("ref-3"));
            s.persist(new LedgerLine("ref-3"));
        })).isInstanceOf(PartialCommitException.class);
        assertThat(attempts).hasValue(1);
        assertThat(count("select count(*) from AuditEntry")).isEqualTo(1);
    }

    /** Reads the counter, lets another transaction update it, then updates it: PostgreSQL reports 40001. */
    private static void incrementWithInterference(RoutingSession s, boolean interfere) throws SQLException {
        Counter counter = s.find(Counter.class, 1L);              // the SERIALIZABLE snapshot starts here
        if (interfere) {
            exec("update Counter set total = total + 100 where id = 1");
        }
        counter.setTotal(counter.getTotal() + 1);
    }

    @Test
    void aSerializationFailureIsRerunWithAFreshSession() throws SQLException {
        AtomicInteger attempts = new AtomicInteger();
        db.inTransaction(RetryPolicy.transientErrors(3), s -> incrementWithInterference(s, attempts.incrementAndGet() == 1));
        assertThat(attempts).hasValue(2);
        assertThat(count("select total from Counter where id = 1")).isEqualTo(101);
    }

    @Test
    void withoutAPolicyTheSerializationFailureReachesTheCaller() throws SQLException {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> db.inTransaction(s -> incrementWithInterference(s, attempts.incrementAndGet() == 1)))
                .satisfies(e -> assertThat(RetryPolicy.isTransient(e)).isTrue())
                .hasStackTraceContaining("could not serialize access");
        assertThat(attempts).hasValue(1);
        assertThat(count("select total from Counter where id = 1")).isEqualTo(100);
    }

    @Test
    void retriesStopAfterThePolicysLimit() throws SQLException {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> db.inTransaction(RetryPolicy.transientErrors(2), s -> {
            attempts.incrementAndGet();
            incrementWithInterference(s, true);
        })).hasStackTraceContaining("could not serialize access");
        assertThat(attempts).hasValue(3);
        assertThat(count("select total from Counter where id = 1")).isEqualTo(300);
    }

    @Test
    void theCallersCheckedExceptionPassesThroughUnwrappedAndIsNotRerun() throws SQLException {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> db.inTransaction(RetryPolicy.transientErrors(3), s -> {
            attempts.incrementAndGet();
            s.persist(new AuditEntry("rolled back"));
            throw new NotNow("the caller changed its mind");
        })).isInstanceOf(NotNow.class).hasMessage("the caller changed its mind");
        assertThat(attempts).hasValue(1);
        assertThat(count("select count(*) from AuditEntry")).isZero();
    }
}
