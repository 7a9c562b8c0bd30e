package dev.bindery;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Causal tokens carry the primary's timeline when it has one, and tokens written without one still parse. */
class CausalTokenTimelinesTest {

    @Test
    void aTokenWithATimelineRoundTrips() {
        CausalToken t = CausalToken.of("default", 2, 0x16B374D848L);
        assertThat(t.serialize()).isEqualTo("default~2:16B374D848");
        assertThat(CausalToken.parse(t.serialize())).isEqualTo(t);
        assertThat(t.timeline("default")).isEqualTo(2);
        assertThat(t.position("default")).isEqualTo(0x16B374D848L);
    }

    @Test
    void anOldTokenStillParsesWithoutATimeline() {
        CausalToken t = CausalToken.parse("default~16B374D848.users@eu~FF");
        assertThat(t.timeline("default")).isZero();
        assertThat(t.position("users@eu")).isEqualTo(0xFF);
        assertThat(t.serialize()).isEqualTo("default~16B374D848.users@eu~FF");
    }

    @Test
    void mergingKeepsTheLaterTimelineThenTheHigherPosition() {
        CausalToken before = CausalToken.of("default", 1, 0x900);
        CausalToken after = CausalToken.of("default", 2, 0x500);
        assertThat(before.merge(after)).isEqualTo(after);
        assertThat(after.merge(before)).isEqualTo(after);
        assertThat(after.merge(CausalToken.of("default", 2, 0x600)).position("default")).isEqualTo(0x600);
        assertThat(CausalToken.parse("default~1:900.default~2:500")).isEqualTo(after);
    }

    @Test
    void aSignedTokenWithATimelineVerifiesAndAnEditedTimelineDoesNot() {
        try (Binds binds = Binds.builder().bind(Binds.DEFAULT, "jdbc:h2:mem:tl-tokens").build()) {
            String signed = binds.tokens().sign(CausalToken.of("default", 3, 0xABC));
            assertThat(binds.tokens().verify(signed)).isEqualTo(CausalToken.of("default", 3, 0xABC));
            assertThat(binds.tokens().verify(signed.replace("~3:", "~4:"))).isEqualTo(CausalToken.NONE);
        }
    }

    @Test
    void aMalformedTimelineIsNotAToken() {
        assertThatThrownBy(() -> CausalToken.parse("default~123456789:AB")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CausalToken.parse("default~:AB")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CausalToken.parse("default~2:")).isInstanceOf(IllegalArgumentException.class);
    }
}
