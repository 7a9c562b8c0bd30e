package dev.bindery.hibernate;

import dev.bindery.status.BindState;
import dev.bindery.Binds;
import dev.bindery.hibernate.model.Todo;
import dev.bindery.test.ReplicatedDatabase;
import dev.bindery.test.PostgresReplication;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A replica killed under a session's reads: the read is retried once elsewhere, and the replica is ejected. */
@PostgresReplication(replicas = 2, isolated = true)
class ReplicaLossInSessionsTest {

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
}
