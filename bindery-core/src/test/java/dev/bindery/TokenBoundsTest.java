package dev.bindery;

import dev.bindery.spi.Access;
import dev.bindery.status.TokenRejection;
import dev.bindery.status.BindStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A causal token asking for more than the primary ever reported is ignored after one fresh read of the primary's
 * position, and it never makes a read wait or query the replicas. H2 reports no positions, so every token is ahead.
 */
class TokenBoundsTest {
    private static final CausalToken FAR_AHEAD = CausalToken.of(Binds.DEFAULT, 0x7FFFFFFFFFFFFFFFL);

    private static Binds binds(String url) {
        return Binds.builder()
                .bind(Binds.DEFAULT, b -> b.url(url).healthCheckInterval(Duration.ofHours(1)).causalWait(Duration.ofSeconds(30)))
                .bind("r1", b -> b.url(url).replicaOf(Binds.DEFAULT))
                .bind("r2", b -> b.url(url).replicaOf(Binds.DEFAULT)).build();
    }

    private static Map<String, Integer> reads(Binds binds, CausalToken token, int n) {
        Map<String, Integer> out = new HashMap<>();
        for (int i = 0; i < n; i++) {
            try (BindScope s = BindContext.after(token)) {
                out.merge(binds.router().route(Binds.DEFAULT, Access.READ).bind(), 1, Integer::sum);
            }
        }
        return out;
    }

    @Test
    void aTokenBeyondThePrimaryIsIgnoredAfterOneReadOfThePrimaryAndNeverWaits() {
        try (Binds binds = binds(H2.url("ahead"))) {
            binds.checkNow(Binds.DEFAULT);
            Map<String, Integer> first = reads(binds, FAR_AHEAD, 1);
            assertThat(first).as("ignored: read as if it carried no token").containsOnlyKeys("r1");
            assertThat(binds.status(Binds.DEFAULT).tokensIgnored()).isEqualTo(1);
            assertThat(binds.tokens().ignored()).containsEntry(TokenRejection.AHEAD_OF_PRIMARY, 1L);

            Map<String, Integer> more = reads(binds, FAR_AHEAD, 100);
            assertThat(more).as("within the health interval it cannot be read again: the primary serves, no wait")
                    .containsOnlyKeys(Binds.DEFAULT).containsEntry(Binds.DEFAULT, 100);
            BindStatus primary = binds.status(Binds.DEFAULT);
            assertThat(primary.positionQueries()).as("one read of the primary's position per health interval").isEqualTo(1);
            assertThat(primary.tokenFallbacks()).isEqualTo(100);
            assertThat(primary.tokenWaits()).isZero();
            assertThat(binds.status("r1").positionQueries() + binds.status("r2").positionQueries())
                    .as("no replica was asked").isZero();
        }
    }

    @Test
    void aTokenOfAGroupWithoutReplicasCostsNoQuery() {
        try (Binds binds = Binds.builder().bind(Binds.DEFAULT, H2.url("alone")).build()) {
            assertThat(reads(binds, FAR_AHEAD, 10)).containsOnlyKeys(Binds.DEFAULT);
            assertThat(binds.status(Binds.DEFAULT).positionQueries()).isZero();
        }
    }
}
