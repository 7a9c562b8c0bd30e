package dev.bindery.test.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemons of a Patroni cluster (Patroni, etcd) left by a dead JVM are killed by the next start's reaper. */
class OrphanDaemonsTest {

    @Test
    void theReaperKillsTheDaemonsNamedByPidFilesOfADeadJvmsCluster(@TempDir Path clusters) throws Exception {
        Process daemon = new ProcessBuilder("sleep", "120").start();
        Process alive = new ProcessBuilder("sleep", "120").start();
        try {
            Path dead = Files.createDirectories(clusters.resolve("j999999999-1-patroni-shared-1"));
            Files.writeString(dead.resolve("etcd.pid"), daemon.pid() + "\n");
            Files.createDirectories(dead.resolve("pg-1"));
            Path mine = Files.createDirectories(clusters.resolve(OrphanReaper.ownerTag() + "-patroni-mine-1"));
            Files.writeString(mine.resolve("etcd.pid"), alive.pid() + "\n");

            assertThat(OrphanReaper.reap(clusters)).isEqualTo(1);

            assertThat(daemon.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.exists(dead)).isFalse();
            assertThat(alive.isAlive()).as("a daemon of this JVM's cluster").isTrue();
            assertThat(Files.exists(mine)).isTrue();
        } finally {
            daemon.destroyForcibly();
            alive.destroyForcibly();
        }
    }
}
