package dev.bindery.failover;

import dev.bindery.Binds;
import dev.bindery.SplitBrainException;
import dev.bindery.status.GroupStatus;
import dev.bindery.test.Node;
import dev.bindery.test.PostgresCluster;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Two writable members that nothing tells apart: the primary is killed and both replicas are promoted (two HA
 * managers that disagree), so both write timeline 2 with different histories. Bindery refuses every write with an
 * exception naming both members and sends none to either. Once only one of them takes writes, there is nothing left to
 * tell apart: it is followed, and writes resume there without a restart.
 */
class SplitBrainTest {

    @Test
    void twoMembersPromotedToTheSameTimelineGetNoWritesAndTheRefusalNamesBoth() throws Exception {
        try (PostgresCluster cluster = PostgresCluster.builder().name("split-brain").replicas(2).start()) {
            FailoverFixture.createTable(cluster);
            try (Binds binds = FailoverFixture.binds(cluster, PromotionUnderLoadTest.INTERVAL_MS)) {
                assertThat(binds.<Integer, RuntimeException>withWriteConnection(Binds.DEFAULT, c -> FailoverFixture.insert(c, 1, 0)))
                        .isEqualTo(cluster.primary().port());
                cluster.awaitCaughtUp(java.time.Duration.ofSeconds(30));   // both replicas hold row 1
                cluster.kill(cluster.primary());
                cluster.promote(cluster.replica(1));
                cluster.promote(cluster.replica(2));
                binds.checkNow(Binds.DEFAULT);
                binds.checkNow(Binds.DEFAULT);

                GroupStatus group = binds.groupStatus(Binds.DEFAULT);
                assertThat(group.splitBrain()).containsExactlyInAnyOrder("replica-1", "replica-2");
                long writesBefore = binds.status("replica-1").writes() + binds.status("replica-2").writes();
                for (int i = 0; i < 20; i++) {
                    long id = 100 + i;
                    SplitBrainException e = catchThrowableOfType(() -> binds.withWriteConnection(Binds.DEFAULT,
                            c -> FailoverFixture.insert(c, id, 0)), SplitBrainException.class);
                    assertThat(e).as("write %s", id).isNotNull();
                    assertThat(e.members()).containsExactlyInAnyOrder("replica-1", "replica-2");
                    assertThat(e.getMessage()).contains("'replica-1'", "'replica-2'", "split-brain", "Nothing was sent")
                            .doesNotContain("password");
                }
                assertThat(binds.groupStatus(Binds.DEFAULT).splitBrainRefusals()).isEqualTo(group.splitBrainRefusals() + 20);
                for (Node n : Set.of(cluster.replica(1), cluster.replica(2))) {
                    assertThat(FailoverFixture.ids(cluster, n)).as("rows on %s", n.name()).containsExactly(1L);
                }
                assertThat(binds.status("replica-1").writes() + binds.status("replica-2").writes()).isEqualTo(writesBefore);

                // one of them goes away: the one left is the only writable member, and writes resume there
                cluster.kill(cluster.replica(2));
                binds.checkNow(Binds.DEFAULT);
                GroupStatus after = binds.groupStatus(Binds.DEFAULT);
                assertThat(after.splitBrain()).isEmpty();
                assertThat(after.primary()).isEqualTo("replica-1");
                assertThat(binds.<Integer, RuntimeException>withWriteConnection(Binds.DEFAULT, c -> FailoverFixture.insert(c, 200, 0)))
                        .isEqualTo(cluster.replica(1).port());
                assertThat(FailoverFixture.ids(cluster, cluster.replica(1))).containsExactlyInAnyOrder(1L, 200L);
            }
        }
    }
}
