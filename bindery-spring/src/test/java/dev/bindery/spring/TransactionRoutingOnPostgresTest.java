package dev.bindery.spring;

import dev.bindery.Binds;
import dev.bindery.ReplicaWriteException;
import dev.bindery.spring.internal.WriteMemory;
import dev.bindery.test.Node;
import dev.bindery.test.PostgresReplication;
import dev.bindery.test.ReplicatedDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Spring transactions over {@link TransactionRoutingDataSource} on a real PostgreSQL primary with two streaming
 * replicas, with the replicas' replay paused: where each transaction ran is read from the server itself
 * ({@code pg_is_in_recovery()}), and rows are counted on the nodes.
 */
@PostgresReplication(replicas = 2)
class TransactionRoutingOnPostgresTest {
    private ReplicatedDatabase cluster;
    private Binds binds;
    private JdbcTemplate jdbc;
    private TransactionTemplate readWrite;
    private TransactionTemplate readOnly;

    @BeforeEach
    void start(ReplicatedDatabase cluster) {
        this.cluster = cluster;
        try (Binds setup = cluster.binds()) {
            new JdbcTemplate(setup.dataSource(Binds.DEFAULT)).execute("create table if not exists note (id int primary key, body text)");
            new JdbcTemplate(setup.dataSource(Binds.DEFAULT)).execute("truncate note");
        }
        cluster.awaitCaughtUp(Duration.ofSeconds(30));
        binds = cluster.binds();
        TransactionRoutingDataSource ds = TransactionRoutingDataSource.of(binds);
        jdbc = new JdbcTemplate(ds);
        DataSourceTransactionManager tm = new DataSourceTransactionManager(ds);
        readWrite = new TransactionTemplate(tm);
        readOnly = new TransactionTemplate(tm);
        readOnly.setReadOnly(true);
        WriteMemory.install(null);
    }

    @AfterEach
    void stop() {
        for (Node r : cluster.replicas()) {
            cluster.resumeReplay(r);
        }
        binds.close();
        WriteMemory.install(null);
    }

    @Test
    void readOnlyTransactionsRunOnAReplicaAndReadTheirWritesFromThePrimaryWhileReplayIsPaused() throws Exception {
        assertThat(ranOnAReplica(readOnly)).as("a read-only transaction on a replica").isTrue();
        assertThat(ranOnAReplica(readWrite)).as("a read-write transaction on the primary").isFalse();
        cluster.replicas().forEach(cluster::pauseReplay);

        readWrite.executeWithoutResult(s -> jdbc.update("insert into note values (?, ?)", 1, "mine"));

        long elsewhere = CompletableFuture.supplyAsync(() -> countIn(readOnly)).get();
        assertThat(elsewhere).as("another thread, which did not write, reads a paused replica: stale").isZero();
        assertThat(countIn(readOnly)).as("this thread reads its write").isEqualTo(1L);
        assertThat(ranOnAReplica(readOnly)).as("from the primary, no replica having replayed it").isFalse();
    }

    @Test
    void aWriteInAReadOnlyTransactionIsRefusedBeforeItReachesTheReplica() {
        assertThatThrownBy(() -> readOnly.executeWithoutResult(s -> {
            count();
            jdbc.update("insert into note values (?, ?)", 2, "lost");
        })).isInstanceOf(ReplicaWriteException.class);
        Long rows = new JdbcTemplate(binds.dataSource(Binds.DEFAULT)).queryForObject("select count(*) from note", Long.class);
        assertThat(rows).isZero();
    }

    private boolean ranOnAReplica(TransactionTemplate transaction) {
        Boolean replica = transaction.execute(s -> inRecovery());
        return Boolean.TRUE.equals(replica);
    }

    private long countIn(TransactionTemplate transaction) {
        Long n = transaction.execute(s -> count());
        return n == null ? -1 : n;
    }

    private long count() {
        return jdbc.queryForObject("select count(*) from note where 1 = ?", Long.class, 1);
    }

    private boolean inRecovery() {
        return Boolean.TRUE.equals(jdbc.queryForObject("select pg_is_in_recovery() and ? = 1", Boolean.class, 1));
    }
}
