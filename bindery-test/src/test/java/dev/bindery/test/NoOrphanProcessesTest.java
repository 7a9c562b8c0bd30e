package dev.bindery.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bindery.test.internal.CacheDirectory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A JVM that dies, even by SIGKILL, leaves no PostgreSQL process behind. */
class NoOrphanProcessesTest {

    @Test
    void aClusterLeftByAKilledJvmIsCleanedUpByTheNextStart() throws Exception {
        Child child = startChild("orphan-reaped", false);
        child.process.destroyForcibly().waitFor();
        assertThat(child.postmasters).allMatch(NoOrphanProcessesTest::alive);

        try (PostgresCluster next = PostgresCluster.builder().name("after-orphan").replicas(0).start()) {
            assertThat(next.isRunning(next.primary())).isTrue();
            assertThat(child.postmasters).noneMatch(NoOrphanProcessesTest::alive);
            assertThat(clusterDirsOf(child.process.pid())).isEmpty();
        }
    }

    @Test
    void theWatchdogStopsTheClusterOfAJvmKilledWithSigkill() throws Exception {
        Child child = startChild("orphan-watched", true);
        child.process.destroyForcibly().waitFor();

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while ((child.postmasters.stream().anyMatch(NoOrphanProcessesTest::alive) || !clusterDirsOf(child.process.pid()).isEmpty())
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(child.postmasters).noneMatch(NoOrphanProcessesTest::alive);
        assertThat(clusterDirsOf(child.process.pid())).isEmpty();
    }

    @Test
    void aJvmThatClosesItsClusterLeavesNothingBehind() throws Exception {
        Child child = startChild("closed-normally", true, "exit");
        assertThat(child.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.process.exitValue()).isZero();
        assertThat(child.postmasters).noneMatch(NoOrphanProcessesTest::alive);
        assertThat(clusterDirsOf(child.process.pid())).isEmpty();
    }

    private record Child(Process process, long startMillis, List<Long> postmasters) {
    }

    private static Child startChild(String name, boolean watchdog, String... extra) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Dbindery.pg.watchdog=" + watchdog, ClusterInChildJvm.class.getName(), name, "1"));
        cmd.addAll(Arrays.asList(extra));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith("READY ")) {
                String[] parts = line.split(" ");
                List<Long> pids = Arrays.stream(parts).skip(2).map(Long::parseLong).toList();
                System.out.println("child cluster '" + name + "' (primary + 1 replica) started in " + parts[1] + " ms");
                Thread drain = new Thread(() -> drain(out));
                drain.setDaemon(true);
                drain.start();
                return new Child(p, Long.parseLong(parts[1]), pids);
            }
            seen.append(line).append('\n');
        }
        throw new AssertionError("child JVM ended without starting its cluster:\n" + seen);
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

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static List<Path> clusterDirsOf(long jvmPid) throws IOException {
        Path clusters = CacheDirectory.current().clustersDirectory();
        try (Stream<Path> dirs = Files.list(clusters)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("j" + jvmPid + "-")).toList();
        }
    }
}
