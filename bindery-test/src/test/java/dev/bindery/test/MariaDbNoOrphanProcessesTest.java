package dev.bindery.test;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A JVM killed with SIGKILL leaves no mariadbd behind: the watchdog stops it, or else the next start reaps it. */
@EnabledIf("availableOrCi")
class MariaDbNoOrphanProcessesTest {

    /** Runs where mariadbd is installed, and always under CI=true, where a missing server must fail. */
    static boolean availableOrCi() {
        return MariaDbCluster.isAvailable() || "true".equalsIgnoreCase(System.getenv("CI"));
    }

    @Test
    void theWatchdogStopsTheServersOfAJvmKilledWithSigkill() throws Exception {
        Child child = startChild("maria-watched", true);
        assertThat(child.servers).hasSize(2).allMatch(ProcessHandle::isAlive);
        child.process.destroyForcibly().waitFor();

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while ((child.servers.stream().anyMatch(ProcessHandle::isAlive) || !clusterDirsOf(child.process.pid()).isEmpty())
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(child.servers).noneMatch(ProcessHandle::isAlive);
        assertThat(clusterDirsOf(child.process.pid())).isEmpty();
    }

    @Test
    void serversLeftByAKilledJvmAreReapedByTheNextStart() throws Exception {
        Child child = startChild("maria-orphan", false);
        child.process.destroyForcibly().waitFor();
        assertThat(child.servers).hasSize(2).allMatch(ProcessHandle::isAlive);

        try (MariaDbCluster next = MariaDbCluster.builder().name("maria-after-orphan").start()) {
            assertThat(next.isRunning(next.primary())).isTrue();
            assertThat(child.servers).noneMatch(ProcessHandle::isAlive);
            assertThat(clusterDirsOf(child.process.pid())).isEmpty();
        }
    }

    private record Child(Process process, List<ProcessHandle> servers) {
    }

    private static Child startChild(String name, boolean watchdog) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dbindery.pg.watchdog=" + watchdog, MariaDbClusterInChildJvm.class.getName(), name)
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith("READY ")) {
                System.out.println("child MariaDB cluster '" + name + "' (primary + 1 replica) started in "
                        + line.substring(6) + " ms");
                Thread drain = new Thread(() -> drain(out));
                drain.setDaemon(true);
                drain.start();
                List<ProcessHandle> servers = p.toHandle().children()
                        .filter(h -> h.info().command().map(c -> c.endsWith("mariadbd") || c.endsWith("mysqld")).orElse(false))
                        .toList();
                return new Child(p, servers);
            }
            seen.append(line).append('\n');
        }
        throw new AssertionError("child JVM ended without starting its MariaDB cluster:\n" + seen);
    }

    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // keep the child's pipe from filling up
            }
        } catch (IOException ended) {
            // the child was killed
        }
    }

    private static List<Path> clusterDirsOf(long jvmPid) throws IOException {
        Path clusters = Path.of("/dev/shm/bindery-mariadb-" + System.getProperty("user.name"), "clusters");
        if (!Files.isDirectory(clusters)) {
            clusters = Path.of(System.getProperty("java.io.tmpdir"), "bindery-mariadb-" + System.getProperty("user.name"), "clusters");
        }
        if (!Files.isDirectory(clusters)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(clusters)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("j" + jvmPid + "-")).toList();
        }
    }
}
