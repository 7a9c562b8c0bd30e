package dev.bindery.groups;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bindery.BindContext;
import dev.bindery.BindScope;
import dev.bindery.status.BindStatus;
import dev.bindery.Binds;
import dev.bindery.CausalToken;
import dev.bindery.test.ReplicatedDatabase;
import dev.bindery.test.Node;
import dev.bindery.test.PostgresReplication;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The causal-token example of README.md, and a token carried across requests in a cookie, run on a real primary with
 * two streaming replicas. The {@code tag::} region is shown verbatim in the README (DocSnippetsAreCompiledTest checks
 * it).
 */
@PostgresReplication(replicas = 2)
class CausalTokenExamplesTest {

    @BeforeAll
    static void createTable(ReplicatedDatabase cluster) throws SQLException {
        ClusterBinds.execute(cluster, "create table note (id int primary key)");
        cluster.awaitCaughtUp(Duration.ofSeconds(30));
    }

    @AfterEach
    void heal(ReplicatedDatabase cluster) {
        cluster.heal();
    }

    @Test
    void aReadCarryingTheTokenSeesTheWriteWhileAReplicaIsPaused(ReplicatedDatabase cluster) throws Exception {
                try (Binds binds = ClusterBinds.builder(cluster, o -> o.causalWait(Duration.ofMillis(50))).build()) {
            cluster.pauseReplay(cluster.replica(1));
            try {
                try (Connection c = binds.dataSource(Binds.DEFAULT).getConnection(); Statement st = c.createStatement()) {
                    st.execute("set synchronous_commit = on");   // the test cluster runs with it off for speed
                    st.execute("insert into note values (1)");
                }
                long rows;
                // tag::causal-token[]
                CausalToken token = binds.causalToken(Binds.DEFAULT);                 // after a commit that wrote
                String carried = binds.tokens().sign(token);                          // signed text for a cookie or header
                try (BindScope s = BindContext.after(binds.tokens().verify(carried))) {   // NONE unless one of the tokenKeys signed it
                    rows = binds.withReadConnection(Binds.DEFAULT, c -> countNotes(c));  // a replica past the token, else the primary
                }
                List<BindStatus> status = binds.status();                             // per bind: state, lag, pool, reads/writes, fallbacks
                // end::causal-token[]
                assertThat(rows).isEqualTo(1);
                assertThat(status).filteredOn(b -> b.key().equals("replica-1")).singleElement()
                        .satisfies(b -> assertThat(b.reads()).isZero());      // the paused replica was never asked
                assertThat(status.stream().mapToLong(BindStatus::reads).sum()).isEqualTo(1);
            } finally {
                cluster.resumeReplay(cluster.replica(1));
            }
        }
    }

    @Test
    void aTokenCarriedInACookieKeepsTheNextRequestsReadsFresh(ReplicatedDatabase cluster) throws Exception {
        Map<String, String> cookies = new HashMap<>();
        try (Binds binds = ClusterBinds.builder(cluster, o -> o.causalWait(Duration.ofMillis(50))).build()) {
            for (Node replica : cluster.replicas()) {
                cluster.pauseReplay(replica);
            }
            try (Connection c = binds.dataSource(Binds.DEFAULT).getConnection(); Statement st = c.createStatement()) {
                st.execute("set synchronous_commit = on");
                st.execute("insert into note values (2)");
            }
            long rows;
            // after the commit that wrote
            CausalToken token = binds.causalToken(Binds.DEFAULT);     // the primary's WAL insert position, e.g. default~16B374D848
            cookies.put("bindery-after", token.serialize());          // a response cookie, say

            // in the next request
            CausalToken after = CausalToken.parse(cookies.get("bindery-after"));
            try (BindScope s = BindContext.after(after)) {            // or SessionOptions.builder().after(after) for sessions
                rows = binds.withReadConnection(Binds.DEFAULT, c -> countNotes(c));   // a replica past the token, else the primary
            }
            assertThat(rows).as("both replicas are paused: the primary answers").isEqualTo(countNotesOnThePrimary(binds));
            assertThat(binds.status(Binds.DEFAULT).tokenFallbacks()).isEqualTo(1);
        }
    }

    private static long countNotesOnThePrimary(Binds binds) throws SQLException {
        try (Connection c = binds.dataSource(Binds.DEFAULT).getConnection()) {
            return countNotes(c);
        }
    }

    private static long countNotes(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select count(*) from note")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
