package dev.bindery.internal;

import dev.bindery.internal.PrimaryElection.Verdict;
import dev.bindery.internal.RoleProbe.MemberRole;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which member is the primary after one round of answers: every case of the failover rule, no database needed. */
class PrimaryElectionTest {
    private static final MemberRole DOWN = null;

    private static MemberRole writable(long timeline) {
        return new MemberRole(true, timeline);
    }

    private static MemberRole following(long timeline) {
        return new MemberRole(false, timeline);
    }

    private static Map<String, MemberRole> answers(Object... keysAndRoles) {
        Map<String, MemberRole> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndRoles.length; i += 2) {
            m.put((String) keysAndRoles[i], (MemberRole) keysAndRoles[i + 1]);
        }
        return m;
    }

    @Test
    void aHealthyGroupKeepsItsPrimaryAndLearnsItsTimeline() {
        Verdict v = PrimaryElection.elect("p", 0, answers("p", writable(1), "r1", following(1), "r2", following(1)));
        assertThat(v.primary()).isEqualTo("p");
        assertThat(v.timeline()).isEqualTo(1);
        assertThat(v.fenced()).isEmpty();
        assertThat(v.splitBrain()).isNull();
    }

    @Test
    void aReplicaPromotedToANewerTimelineBecomesThePrimaryWhileTheOldOneIsDown() {
        Verdict v = PrimaryElection.elect("p", 1, answers("p", DOWN, "r1", writable(2), "r2", following(1)));
        assertThat(v.primary()).isEqualTo("r1");
        assertThat(v.timeline()).isEqualTo(2);
        assertThat(v.fenced()).containsExactly("r2");   // still on the old timeline: no reads
    }

    @Test
    void aReplicaThatFollowsTheNewTimelineKeepsServing() {
        Verdict v = PrimaryElection.elect("r1", 2, answers("p", DOWN, "r1", writable(2), "r2", following(2)));
        assertThat(v.primary()).isEqualTo("r1");
        assertThat(v.fenced()).isEmpty();
    }

    @Test
    void anOldPrimaryBackWritableOnAnOlderTimelineIsFencedNotFollowed() {
        Verdict v = PrimaryElection.elect("r1", 2, answers("p", writable(1), "r1", writable(2), "r2", following(2)));
        assertThat(v.primary()).isEqualTo("r1");
        assertThat(v.fenced()).containsExactly("p");
        assertThat(v.splitBrain()).isNull();
    }

    @Test
    void anOldPrimaryBackWritableWhileTheNewOneIsDownStillGetsNoWrites() {
        Verdict v = PrimaryElection.elect("r1", 2, answers("p", writable(1), "r1", DOWN));
        assertThat(v.primary()).isEqualTo("r1");
        assertThat(v.fenced()).containsExactly("p");
    }

    @Test
    void aFreshProcessSeeingBothPicksTheNewerTimeline() {
        Verdict v = PrimaryElection.elect("p", 0, answers("p", writable(1), "r1", writable(2)));
        assertThat(v.primary()).isEqualTo("r1");
        assertThat(v.fenced()).containsExactly("p");
    }

    @Test
    void twoMembersPromotedToTheSameTimelineAreASplitBrainNamingBoth() {
        Verdict v = PrimaryElection.elect("p", 1, answers("p", DOWN, "r1", writable(2), "r2", writable(2)));
        assertThat(v.splitBrain()).containsExactly("r1", "r2");
        assertThat(v.primary()).isEqualTo("p");
        assertThat(v.timeline()).isEqualTo(1);
    }

    @Test
    void aSecondWriterOnThePrimarysTimelineIsASplitBrain() {
        Verdict v = PrimaryElection.elect("r1", 2, answers("p", DOWN, "r1", writable(2), "r2", writable(2)));
        assertThat(v.splitBrain()).containsExactly("r1", "r2");
        assertThat(v.primary()).isEqualTo("r1");
        assertThat(v.fenced()).containsExactly("r2");
    }

    @Test
    void withoutTimelinesAWritableMemberIsFollowedOnlyWhileThePrimaryIsNotWritable() {
        Verdict promoted = PrimaryElection.elect("p", 0, answers("p", DOWN, "r1", writable(0), "r2", following(0)));
        assertThat(promoted.primary()).isEqualTo("r1");
        assertThat(promoted.splitBrain()).isNull();

        Verdict demoted = PrimaryElection.elect("p", 0, answers("p", following(0), "r1", writable(0)));
        assertThat(demoted.primary()).isEqualTo("r1");

        Verdict both = PrimaryElection.elect("r1", 0, answers("p", writable(0), "r1", writable(0)));
        assertThat(both.primary()).isEqualTo("r1");
        assertThat(both.splitBrain()).isEqualTo(List.of("r1", "p"));
    }

    @Test
    void noWritableMemberKeepsThePrimaryItHad() {
        Verdict v = PrimaryElection.elect("p", 1, answers("p", following(1), "r1", following(1)));
        assertThat(v.primary()).isEqualTo("p");
        assertThat(v.splitBrain()).isNull();
        assertThat(v.fenced()).isEmpty();
    }
}
