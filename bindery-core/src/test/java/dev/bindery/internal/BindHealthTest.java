package dev.bindery.internal;

import dev.bindery.status.BindState;
import dev.bindery.BindConfig;
import dev.bindery.Binds;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lag rules of one replica's health, fed with the observations a probe makes. The MariaDB case (a stopped SQL thread
 * reports {@code Seconds_Behind_Master} NULL, so the probe reports the time lag as -1) is also run on a real
 * replica in bindery-it.
 */
class BindHealthTest {

    private static BindHealth replicaHealth(Consumer<BindConfig.Builder> replicaOptions) {
        String url = "jdbc:h2:mem:bind-health;DB_CLOSE_DELAY=-1";
        try (Binds binds = Binds.builder().bind(Binds.DEFAULT, url)
                .bind("replica", b -> {
                    b.url(url).replicaOf(Binds.DEFAULT);
                    replicaOptions.accept(b);
                }).build()) {
            return new BindHealth(binds.config("replica"), binds.config(Binds.DEFAULT), () -> { });
        }
    }

    @Test
    void anUnknownTimeLagWithTransactionsPendingIsOverATimeBound() {
        BindHealth health = replicaHealth(b -> b.maxReplicationLag(Duration.ofSeconds(30)));
        health.replicaChecked(5, 8, -1, false);
        assertThat(health.lagMillis()).isEqualTo(-1);
        assertThat(health.state()).isEqualTo(BindState.LAGGING);
    }

    @Test
    void aReplicaAtThePrimarysPositionIsCaughtUpEvenWithoutATimeLag() {
        BindHealth health = replicaHealth(b -> b.maxReplicationLag(Duration.ofSeconds(30)));
        health.replicaChecked(5, 8, -1, false);
        health.replicaChecked(8, 8, -1, false);
        assertThat(health.lagMillis()).isZero();
        assertThat(health.state()).isEqualTo(BindState.UP);
    }

    @Test
    void aKnownTimeLagIsComparedWithTheBound() {
        BindHealth health = replicaHealth(b -> b.maxReplicationLag(Duration.ofSeconds(30)));
        health.replicaChecked(5, 8, 1_000, false);
        assertThat(health.state()).isEqualTo(BindState.UP);
        health.replicaChecked(5, 9, 31_000, false);
        assertThat(health.state()).isEqualTo(BindState.LAGGING);
    }

    @Test
    void withoutABoundAnUnknownLagKeepsTheReplicaUp() {
        BindHealth health = replicaHealth(b -> { });
        health.replicaChecked(5, 8, -1, false);
        assertThat(health.state()).isEqualTo(BindState.UP);
    }
}
