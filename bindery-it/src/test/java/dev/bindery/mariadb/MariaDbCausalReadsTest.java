package dev.bindery.mariadb;

import dev.bindery.BindContext;
import dev.bindery.BindScope;
import dev.bindery.Binds;
import dev.bindery.CausalToken;
import dev.bindery.test.MariaDbCluster;
import dev.bindery.test.MariaDbReplication;
import dev.bindery.test.Node;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads carrying a causal token (the primary's GTID sequence) see their own writes on MariaDB: with the replica's
 * SQL thread stopped they go to the primary, with it running they are served by the replica once it has applied the
 * write. Without the token the same reads are stale, which proves the test can see staleness.
 */
@MariaDbReplication(replicas = 1)
class MariaDbCausalReadsTest {
    private static final Logger LOG = LoggerFactory.getLogger(MariaDbCausalReadsTest.class);
    private static final int PAIRS = Integer.getInteger("bindery.causal.writes", 1_000);
    private static final AtomicInteger IDS = new AtomicInteger();

    @BeforeAll
    static void createTable(MariaDbCluster db) throws SQLException {
        MariaDbReplicaLagTest.execute(db, "create table note (id int primary key, body varchar(20))");
        db.awaitCaughtUp(Duration.ofSeconds(30));
    }

    @AfterEach
    void heal(MariaDbCluster db) {
        db.heal();
    }

    private static Binds binds(MariaDbCluster db, Duration causalWait) {
        return db.bindsBuilder((node, b) -> {
            if (node.isPrimary()) {
                b.healthCheckInterval(Duration.ofMillis(200)).causalWait(causalWait);
            }
        }).build();
    }

    private static int insert(Binds binds) throws SQLException {
        int id = IDS.incrementAndGet();
        try (Connection c = binds.dataSource(Binds.DEFAULT).getConnection();
             PreparedStatement ps = c.prepareStatement("insert into note values (?, 'n')")) {
            ps.setInt(1, id);
            ps.executeUpdate();
        }
        return id;
    }

    /** Reads the row back through the router: {count, port of the server that answered}. */
    private static int[] readBack(Binds binds, int id) throws SQLException {
        return binds.withReadConnection(Binds.DEFAULT, c -> {
            try (PreparedStatement ps = c.prepareStatement("select count(*), @@port from note where id = ?")) {
                ps.setInt(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new int[]{rs.getInt(1), rs.getInt(2)};
                }
            }
        });
    }

    private static int[] tokenRead(Binds binds, int id) throws SQLException {
        CausalToken token = CausalToken.parse(binds.causalToken(Binds.DEFAULT).serialize());
        try (BindScope s = BindContext.after(token)) {
            return readBack(binds, id);
        }
    }

    /** Stale reads, and reads served per server port, over {@link #PAIRS} pairs of a write and a token read. */
    private record Tally(int stale, Map<Integer, Integer> servedBy) {
        int servedBy(int port) {
            return servedBy.getOrDefault(port, 0);
        }
    }

    private static Tally writeThenReadWithToken(Binds binds) throws SQLException {
        Map<Integer, Integer> servedBy = new HashMap<>();
        int stale = 0;
        for (int i = 0; i < PAIRS; i++) {
            int[] r = tokenRead(binds, insert(binds));
            stale += r[0] == 1 ? 0 : 1;
            servedBy.merge(r[1], 1, Integer::sum);
        }
        return new Tally(stale, servedBy);
    }

    @Test
    void readsWithATokenNeverSeeStaleDataWhileReplicationIsPaused(MariaDbCluster db) throws Exception {
        Node replica = db.replica(1);
        try (Binds binds = binds(db, Duration.ofMillis(2))) {
            binds.withReadConnection(Binds.DEFAULT, c -> null);
            db.pauseReplication(replica);
            Tally t = writeThenReadWithToken(binds);
            LOG.info("MariaDB causal reads, replication paused: {} pairs, {} stale; served by the replica {}, the primary {}; "
                            + "token fallbacks {}", PAIRS, t.stale(), t.servedBy(replica.port()),
                    t.servedBy(db.primary().port()), binds.status(Binds.DEFAULT).tokenFallbacks());
            assertThat(t.stale()).isZero();
            assertThat(t.servedBy(replica.port())).isZero();
            assertThat(binds.status(Binds.DEFAULT).tokenFallbacks()).isEqualTo(PAIRS);

            int staleWithoutToken = 0;
            for (int i = 0; i < 200; i++) {
                staleWithoutToken += readBack(binds, insert(binds))[0] == 1 ? 0 : 1;
            }
            LOG.info("MariaDB, replication paused, without a token: {} of 200 reads were stale", staleWithoutToken);
            assertThat(staleWithoutToken).as("without the token, reads on the paused replica are stale").isPositive();
        }
    }

    @Test
    void readsWithATokenAreServedByALiveReplicaOnceItHasTheWrite(MariaDbCluster db) throws Exception {
        Node replica = db.replica(1);
        try (Binds binds = binds(db, Duration.ofMillis(200))) {
            binds.withReadConnection(Binds.DEFAULT, c -> null);
            Tally t = writeThenReadWithToken(binds);
            int onReplica = t.servedBy(replica.port());
            LOG.info("MariaDB causal reads, replication live: {} pairs, {} stale; served by the replica {}, the primary {}; "
                            + "token waits {}, token fallbacks {}", PAIRS, t.stale(), onReplica,
                    t.servedBy(db.primary().port()), binds.status(Binds.DEFAULT).tokenWaits(),
                    binds.status(Binds.DEFAULT).tokenFallbacks());
            assertThat(t.stale()).isZero();
            assertThat(onReplica).as("the live replica serves token reads once it has the write").isPositive();
        }
    }
}
