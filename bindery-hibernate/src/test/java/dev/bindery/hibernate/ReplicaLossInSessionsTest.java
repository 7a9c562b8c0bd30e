package dev.bindery.hibernate;

import dev.bindery.status.BindState;
import dev.bindery.Binds;
import dev.bindery.hibernate.model.Todo;
import dev.bindery.test.ReplicatedDatabase;
import dev.bindery.test.PostgresReplication;
import org.hibernate.query.SelectionQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A replica killed under a session's reads: the read is retried once elsewhere, and the replica is ejected. */
@PostgresReplication(replicas = 2, isolated = true)
class ReplicaLossInSessionsTest {

    @AfterEach
    void heal(ReplicatedDatabase cluster) {
        cluster.heal();
    }

    @Test
    void findsOutsideATransactionSurviveAKilledReplica(ReplicatedDatabase cluster) {
        try (Binds binds = cluster.binds((node, b) -> b.connectionTimeout(Duration.ofSeconds(1)));
             Database db = Database.builder(binds).entities(Todo.class).build()) {
            db.createAll();
            Todo todo = db.fromTransaction(s -> {
                Todo t = new Todo("survives");
                s.persist(t);
                return t;
            });
            cluster.awaitCaughtUp(Duration.ofSeconds(30));
            for (int i = 0; i < 4; i++) {           // warm both replicas' pools
                try (RoutingSession s = db.openReadOnlySession()) {
                    assertThat(s.find(Todo.class, todo.getId())).isNotNull();
                }
            }
            cluster.kill(cluster.replica(1));
            for (int i = 0; i < 20; i++) {
                try (RoutingSession s = db.openReadOnlySession()) {
                    assertThat(s.find(Todo.class, todo.getId())).as("read %d", i).isNotNull();
                }
            }
            assertThat(binds.status("replica-1").state()).isEqualTo(BindState.EJECTED);
            assertThat(binds.status("replica-1").retries()).isPositive();
            assertThat(binds.poolStats("replica-2").active()).isZero();
        }
    }

    @Test
    void aQueryHandedBackBeforeTheKillEjectsItsReplicaWhenItRunsAndLaterReadsGoElsewhere(ReplicatedDatabase cluster) {
        // health checks every 10 minutes: only the failed query can eject the replica
        try (Binds binds = cluster.binds((node, b) -> {
            b.connectionTimeout(Duration.ofSeconds(1));
            if (node.isPrimary()) {
                b.healthCheckInterval(Duration.ofMinutes(10));
            }
        }); Database db = Database.builder(binds).entities(Todo.class).build()) {
            db.createAll();
            db.inTransaction(s -> s.persist(new Todo("counted")));
            long rows = db.fromTransaction(s -> s.createSelectionQuery("select count(t) from Todo t", Long.class).getSingleResult());
            cluster.awaitCaughtUp(Duration.ofSeconds(30));
            String victim;
            try (RoutingSession s = db.openReadOnlySession()) {
                SelectionQuery<Long> count = s.createSelectionQuery("select count(t) from Todo t", Long.class);
                victim = s.lastRoute().bind();
                assertThat(s.lastRoute().role()).isEqualTo(dev.bindery.spi.Role.REPLICA);
                cluster.kill(cluster.node(victim));
                assertThatThrownBy(count::getSingleResult).as("the query runs on the killed replica").isInstanceOf(RuntimeException.class);
            }
            assertThat(binds.status(victim).state()).as("ejected by that one failure").isEqualTo(BindState.EJECTED);
            assertThat(binds.status(victim).ejections()).isEqualTo(1);
            long readsAtTheFailure = binds.status(victim).reads();
            for (int i = 0; i < 10; i++) {
                try (RoutingSession s = db.openReadOnlySession()) {
                    SelectionQuery<Long> count = s.createSelectionQuery("select count(t) from Todo t", Long.class);
                    assertThat(s.lastRoute().bind()).as("read %d", i).isNotEqualTo(victim);
                    assertThat(count.getSingleResult()).isEqualTo(rows);
                }
            }
            assertThat(binds.status(victim).reads()).as("no read was sent to it after the failure").isEqualTo(readsAtTheFailure);
        }
    }
}
