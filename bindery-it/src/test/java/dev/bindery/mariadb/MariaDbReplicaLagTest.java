package dev.bindery.mariadb;

import dev.bindery.spi.Access;
import dev.bindery.status.BindState;
import dev.bindery.spi.RouteRequest;
import dev.bindery.BindConfig;
import dev.bindery.Binds;
import dev.bindery.ReplicaWriteException;
import dev.bindery.test.MariaDbCluster;
import dev.bindery.test.MariaDbReplication;
import dev.bindery.test.Node;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The MariaDB probe on a real primary and replica: GTID positions and {@code Seconds_Behind_Master} make a replica
 * whose SQL thread is stopped look behind, never caught up; lag bounds keep reads off it until it has caught up; and
 * a write sent its way is refused by the router and by the server.
 */
@MariaDbReplication(replicas = 1)
class MariaDbReplicaLagTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @BeforeAll
    static void createTable(MariaDbCluster db) throws SQLException {
        execute(db, "create table item (id int primary key, name varchar(40))");
        db.awaitCaughtUp(DEADLINE);
    }

    @AfterEach
    void heal(MariaDbCluster db) {
        db.heal();
    }

    /** Binds checked only by {@code checkNow}, so each state the test asserts follows a check it made. */
    private static Binds binds(MariaDbCluster db, Consumer<BindConfig.Builder> replicaOptions) {
        return db.bindsBuilder((node, b) -> {
            if (node.isPrimary()) {
                b.healthCheckInterval(Duration.ofMinutes(10)).healthCheckTimeout(Duration.ofSeconds(2));
            } else {
                replicaOptions.accept(b);
            }
        }).build();
    }

    @Test
    void theProbeCountsTheTransactionsAReplicaIsBehindAndSeesItCatchUp(MariaDbCluster db) throws Exception {
        Node replica = db.replica(1);
        try (Binds binds = binds(db, b -> { })) {
            binds.checkNow(Binds.DEFAULT);
            assertThat(binds.status("replica-1").lagBytes()).isZero();
            assertThat(binds.status("replica-1").lagMillis()).isZero();

            db.pauseReplication(replica);
            int transactions = 25;
            for (int i = 0; i < transactions; i++) {
                execute(db, "insert into item values (" + (100 + i) + ", 'behind')");
            }
            binds.checkNow(Binds.DEFAULT);
            assertThat(binds.status("replica-1").lagBytes()).as("GTID sequence numbers behind").isEqualTo(transactions);

            db.resumeReplication(replica);
            awaitState(binds, "replica-1", s -> binds.status("replica-1").lagBytes() == 0);
            assertThat(binds.status("replica-1").lagMillis()).isZero();
            assertThat(db.gtidPosition(replica)).isEqualTo(db.gtidPosition(db.primary()));
        }
    }

    @Test
    void aStoppedSqlThreadReportsNoSecondsBehindMasterAndThatIsNotCaughtUp(MariaDbCluster db) throws Exception {
        Node replica = db.replica(1);
        try (Binds binds = binds(db, b -> b.maxReplicationLag(Duration.ofSeconds(30)))) {
            db.pauseReplication(replica);
            execute(db, "insert into item values (200, 'unseen')");
            try (Connection c = db.connectAsRoot(replica); Statement s = c.createStatement()) {
                for (String show : new String[]{"show slave status", "show replica status"}) {
                    try (ResultSet rs = s.executeQuery(show)) {
                        assertThat(rs.next()).as(show).isTrue();
                        assertThat(rs.getString("Slave_SQL_Running")).as(show).isEqualTo("No");
                        assertThat(rs.getObject("Seconds_Behind_Master")).as(show + ": Seconds_Behind_Master").isNull();
                    }
                }
            }
            binds.checkNow(Binds.DEFAULT);
            assertThat(binds.status("replica-1").lagMillis()).as("lag in time is unknown").isEqualTo(-1);
            assertThat(binds.status("replica-1").lagBytes()).isPositive();
            assertThat(binds.status("replica-1").state()).as("unknown lag with transactions pending is over a time bound")
                    .isEqualTo(BindState.LAGGING);
        }
    }

    @Test
    void aReplicaOverItsTimeBoundGetsNoReadsUntilItCatchesUp(MariaDbCluster db) throws Exception {
        Node replica = db.replica(1);
        try (Binds binds = binds(db, b -> b.maxReplicationLag(Duration.ofSeconds(2)))) {
            binds.checkNow(Binds.DEFAULT);
            assertThat(binds.router().route(Binds.DEFAULT, Access.READ).bind()).isEqualTo("replica-1");

            db.pauseReplication(replica);
            execute(db, "insert into item values (300, 'fresh')");
            binds.checkNow(Binds.DEFAULT);
            assertThat(binds.status("replica-1").state()).isEqualTo(BindState.LAGGING);
            long replicaReads = binds.status("replica-1").reads();
            for (int i = 0; i < 100; i++) {
                long seen = binds.withReadConnection(Binds.DEFAULT, c -> count(c, "select count(*) from item where id = 300"));
                assertThat(seen).as("read %d sees the fresh row", i).isEqualTo(1);
            }
            assertThat(binds.status("replica-1").reads()).isEqualTo(replicaReads);
            assertThat(binds.status(Binds.DEFAULT).fallbacks()).isGreaterThanOrEqualTo(100);

            db.resumeReplication(replica);
            awaitState(binds, "replica-1", s -> s == BindState.UP);
            assertThat(binds.router().route(Binds.DEFAULT, Access.READ).bind()).isEqualTo("replica-1");
            long onReplica = binds.withReadConnection(Binds.DEFAULT, c -> count(c, "select count(*) from item where id = 300"));
            assertThat(onReplica).isEqualTo(1);
        }
    }

    @Test
    void aBoundInTransactionsHoldsBackAReplicaOneTransactionBehind(MariaDbCluster db) throws Exception {
        Node replica = db.replica(1);
        try (Binds binds = binds(db, b -> b.maxReplicationLagBytes(0L))) {
            binds.checkNow(Binds.DEFAULT);
            assertThat(binds.status("replica-1").state()).isEqualTo(BindState.UP);
            db.pauseReplication(replica);
            execute(db, "insert into item values (400, 'one transaction')");
            binds.checkNow(Binds.DEFAULT);
            assertThat(binds.status("replica-1").lagBytes()).isEqualTo(1);
            assertThat(binds.status("replica-1").state()).isEqualTo(BindState.LAGGING);
            assertThat(binds.router().route(Binds.DEFAULT, Access.READ).bind()).isEqualTo(Binds.DEFAULT);
            db.resumeReplication(replica);
            awaitState(binds, "replica-1", s -> s == BindState.UP);
        }
    }

    @Test
    void aWriteSentToTheReplicaIsRefusedByTheRouterAndByTheServer(MariaDbCluster db) throws Exception {
        Node replica = db.replica(1);
        try (Binds binds = binds(db, b -> { })) {
            long writesBefore = binds.status("replica-1").writes();
            assertThatThrownBy(() -> binds.router().route(RouteRequest.of(Binds.DEFAULT, Access.WRITE).withBind("replica-1")))
                    .isInstanceOf(ReplicaWriteException.class)
                    .hasMessageContaining("Nothing was sent");
            assertThat(binds.status("replica-1").writes()).isEqualTo(writesBefore);

            try (Connection c = binds.dataSource("replica-1").getConnection(); Statement s = c.createStatement()) {
                assertThat(count(c, "select @@session.tx_read_only")).as("the bind's session is read-only").isEqualTo(1);
                assertThatThrownBy(() -> s.executeUpdate("insert into item values (500, 'through the replica bind')"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("--read-only");
            }
            try (Connection c = db.connect(replica); Statement s = c.createStatement()) {
                assertThat(count(c, "select @@read_only")).isEqualTo(1);
                assertThatThrownBy(() -> s.executeUpdate("insert into item values (501, 'straight to the server')"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("--read-only");
            }
            try (Connection c = db.connect(replica)) {
                assertThat(count(c, "select count(*) from item where id in (500, 501)")).isZero();
            }
        }
    }

    private static void awaitState(Binds binds, String key, java.util.function.Predicate<BindState> done) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (true) {
            binds.checkNow(Binds.DEFAULT);
            BindState state = binds.status(key).state();
            if (done.test(state)) {
                return;
            }
            assertThat(System.nanoTime()).as("%s still %s (%s) after %s", key, state, binds.status(key), DEADLINE)
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    static void execute(MariaDbCluster db, String sql) throws SQLException {
        try (Connection c = db.connect(db.primary()); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
