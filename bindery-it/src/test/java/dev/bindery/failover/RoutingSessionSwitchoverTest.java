package dev.bindery.failover;

import dev.bindery.BindUnavailableException;
import dev.bindery.Binds;
import dev.bindery.PrimaryChangedException;
import dev.bindery.hibernate.Database;
import dev.bindery.hibernate.RoutingSession;
import dev.bindery.test.Node;
import dev.bindery.test.PostgresCluster;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A planned switchover cuts three RoutingSession transactions open on the old primary: one before its last flush, one
 * before its commit, one whose next write is routed after the switch. Each fails with the router's retryable
 * {@link PrimaryChangedException} (the Hibernate or bind-switch exception its cause), none is half-applied on the new
 * primary, and each rerun lands there whole.
 */
class RoutingSessionSwitchoverTest {

    @Test
    void writesCutBySwitchoverFailRetryablyWithNothingHalfApplied() throws Exception {
        try (PostgresCluster cluster = PostgresCluster.builder().name("translate").replicas(1).start()) {
            try (Connection c = cluster.connect(cluster.primary()); Statement s = c.createStatement()) {
                s.execute("create table entry (id bigint primary key, name text not null)");
            }
            cluster.awaitCaughtUp(Duration.ofSeconds(30));
            Node next = cluster.replica(1);
            try (Binds binds = FailoverFixture.binds(cluster, PromotionUnderLoadTest.INTERVAL_MS);
                 Database db = Database.builder(binds).entities(Entry.class).build()) {
                RoutingSession flushing = db.openSession().begin();
                flushing.persist(new Entry(1, "a"));
                flushing.flush();                                // sent to the old primary, not committed
                flushing.persist(new Entry(2, "b"));             // left for the commit's flush
                RoutingSession committing = db.openSession().begin();
                committing.persist(new Entry(3, "a"));
                committing.persist(new Entry(4, "b"));
                committing.flush();                              // both rows sent, only the commit is left
                RoutingSession routing = db.openSession().begin();
                routing.persist(new Entry(5, "a"));
                routing.flush();                                 // its next write is routed after the switch

                cluster.switchover(next);

                PrimaryChangedException atFlush = fails(flushing::commit);
                assertThat(atFlush.getMessage()).contains("lost", "rolled back");
                PrimaryChangedException atCommit = fails(committing::commit);
                assertThat(atCommit.getMessage()).contains("during the commit");
                assertThat(committing.isCommitAmbiguous()).isTrue();
                awaitPrimary(binds, "replica-1");
                PrimaryChangedException atRoute = fails(() -> routing.persist(new Entry(6, "b")));
                assertThat(atRoute.getMessage()).contains("no longer the primary", "'replica-1' now");
                assertThat(atRoute.getCause()).as("the refusal it replaces").isInstanceOf(dev.bindery.BindSwitchException.class);
                routing.rollback();
                for (RoutingSession s : List.of(flushing, committing, routing)) {
                    s.close();
                }
                assertThat(ids(cluster, next)).as("nothing of any cut unit is applied on the new primary").isEmpty();

                rerun(db, 1, 2);
                rerun(db, 3, 4);
                rerun(db, 5, 6);
                assertThat(ids(cluster, next)).as("each rerun applied once, whole").containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
            }
        }
    }

    private static PrimaryChangedException fails(org.assertj.core.api.ThrowableAssert.ThrowingCallable work) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(work);
        assertThat(thrown).isInstanceOf(PrimaryChangedException.class);
        PrimaryChangedException e = (PrimaryChangedException) thrown;
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.group()).isEqualTo(Binds.DEFAULT);
        assertThat(e.getCause()).as("the original exception is kept").isNotNull();
        return e;
    }

    private static void awaitPrimary(Binds binds, String key) throws InterruptedException {
        for (int i = 0; i < 100 && !key.equals(binds.groupStatus(Binds.DEFAULT).primary()); i++) {
            Thread.sleep(50);
        }
        assertThat(binds.groupStatus(Binds.DEFAULT).primary()).isEqualTo(key);
    }

    /** Reruns the pair as a client told "retryable" would, until the health checks route it to the new primary. */
    private static void rerun(Database db, long first, long second) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                db.inTransaction(s -> {
                    s.persist(new Entry(first, "a"));
                    s.persist(new Entry(second, "b"));
                });
                return;
            } catch (PrimaryChangedException | BindUnavailableException e) {
                if (attempt >= 50) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private static List<Long> ids(PostgresCluster cluster, Node node) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (Connection c = cluster.connect(node); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select id from entry order by id")) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }
}
