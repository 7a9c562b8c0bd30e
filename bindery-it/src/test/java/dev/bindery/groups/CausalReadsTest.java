package dev.bindery.groups;

import dev.bindery.BindContext;
import dev.bindery.BindScope;
import dev.bindery.Binds;
import dev.bindery.CausalToken;
import dev.bindery.test.ReplicatedDatabase;
import dev.bindery.test.Node;
import dev.bindery.test.PostgresReplication;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads carrying a causal token see their writes even while one replica's replay is paused; without the token the
 * same reads do see stale data, which proves the test can fail.
 */
@PostgresReplication(replicas = 2)
class CausalReadsTest {
    private static final Logger LOG = LoggerFactory.getLogger(CausalReadsTest.class);
    private static final int WRITES = Integer.getInteger("bindery.causal.writes", 10_000);

    @BeforeAll
    static void createTable(ReplicatedDatabase cluster) throws SQLException {
        ClusterBinds.execute(cluster, "create table note (id int primary key, body text)");
        cluster.awaitCaughtUp(Duration.ofSeconds(30));
    }

    private static void insert(Binds binds, int id) throws SQLException {
        try (Connection c = binds.dataSource(Binds.DEFAULT).getConnection();
             PreparedStatement ps = c.prepareStatement("insert into note values (?, 'n')")) {
            // The test cluster runs synchronous_commit=off for speed; production-like commits flush, and so ship, at once.
            c.createStatement().execute("set synchronous_commit = on");
            ps.setInt(1, id);
            ps.executeUpdate();
        }
    }

    private static int[] readBack(Binds binds, int id) throws SQLException {
        return binds.withReadConnection(Binds.DEFAULT, c -> {
            try (PreparedStatement ps = c.prepareStatement("select count(*), inet_server_port() from note where id = ?")) {
                ps.setInt(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new int[]{rs.getInt(1), rs.getInt(2)};
                }
            }
        });
    }

    @Test
    void readsWithATokenNeverSeeStaleDataWhileReplayIsPaused(ReplicatedDatabase cluster) throws Exception {
        Node paused = cluster.replica(1);
        try (Binds binds = ClusterBinds.builder(cluster, o -> o.causalWait(Duration.ofMillis(2))).build()) {
            cluster.pauseReplay(paused);
            try {
                Map<Integer, Integer> servedBy = new HashMap<>();
                int stale = 0;
                for (int i = 0; i < WRITES; i++) {
                    insert(binds, i);
                    CausalToken token = CausalToken.parse(binds.causalToken(Binds.DEFAULT).serialize());
                    try (BindScope s = BindContext.after(token)) {
                        int[] r = readBack(binds, i);
                        stale += r[0] == 1 ? 0 : 1;
                        servedBy.merge(r[1], 1, Integer::sum);
                    }
                }
                int onPaused = servedBy.getOrDefault(paused.port(), 0);
                int onOther = servedBy.getOrDefault(cluster.replica(2).port(), 0);
                int onPrimary = servedBy.getOrDefault(cluster.primary().port(), 0);
                LOG.info("causal reads: {} writes, {} stale; served by replica-2 {}%, replica-1 (paused) {}%, primary {}%; "
                                + "token waits {}, token fallbacks {}", WRITES, stale, pct(onOther), pct(onPaused), pct(onPrimary),
                        binds.status(Binds.DEFAULT).tokenWaits(), binds.status(Binds.DEFAULT).tokenFallbacks());
                assertThat(stale).isZero();
                assertThat(onPaused).isZero();
                assertThat(onOther + onPrimary).isEqualTo(WRITES);

                int staleWithoutToken = 0;
                for (int i = WRITES; i < WRITES + 200; i++) {
                    insert(binds, i);
                    staleWithoutToken += readBack(binds, i)[0] == 1 ? 0 : 1;
                }
                LOG.info("without a token: {} of 200 reads were stale", staleWithoutToken);
                assertThat(staleWithoutToken).as("without the token, reads on the paused replica are stale").isPositive();
            } finally {
                cluster.resumeReplay(paused);
            }
        }
    }

    @Test
    void aTokenSurvivesItsStringForm() {
        CausalToken token = CausalToken.of("default", 0x16B374D848L).merge(CausalToken.of("auth", 5));
        assertThat(CausalToken.parse(token.serialize())).isEqualTo(token);
        assertThat(token.serialize()).isEqualTo("default~16B374D848.auth~5");
    }

    private static String pct(int n) {
        return String.format(java.util.Locale.ROOT, "%.1f", 100.0 * n / WRITES);
    }
}
