package dev.bindery.test.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cleans up clusters whose JVM has died. Each cluster directory is named after the JVM that started it
 * ({@code j<pid>-<start millis>-...}); when that JVM is gone, its daemons (Patroni, etcd) and servers (PostgreSQL
 * postmasters, MariaDB {@code mariadbd}) are killed and the directory deleted.
 */
final class OrphanReaper {
    private static final Pattern OWNER = Pattern.compile("j(\\d+)-(\\d+)-.*");

    private OrphanReaper() {
    }

    /** The directory-name prefix that identifies this JVM. */
    static String ownerTag() {
        ProcessHandle self = ProcessHandle.current();
        return "j" + self.pid() + "-" + startMillis(self).orElse(0L);
    }

    /** Kills and deletes every cluster under {@code clustersDir} whose JVM is dead; returns how many it removed. */
    static int reap(Path clustersDir) {
        int reaped = 0;
        if (!Files.isDirectory(clustersDir)) {
            return 0;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(clustersDir)) {
            for (Path dir : dirs) {
                Matcher m = OWNER.matcher(dir.getFileName().toString());
                if (!m.matches() || ownerAlive(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)))) {
                    continue;
                }
                killDaemons(dir);
                try (DirectoryStream<Path> nodes = Files.newDirectoryStream(dir)) {
                    for (Path node : nodes) {
                        if (Files.isDirectory(node)) {
                            NodeServer.killTree(node);
                            MariaDbServer.killTree(node);
                        }
                    }
                }
                CacheDirectory.deleteRecursively(dir);
                reaped++;
            }
        } catch (IOException e) {
            // best effort: a failed cleanup must not stop a new cluster from starting
        }
        return reaped;
    }

    /** SIGKILL to the daemons (Patroni, etcd) whose pids are in {@code <cluster>/*.pid}, before their servers die. */
    private static void killDaemons(Path clusterDir) throws IOException {
        try (DirectoryStream<Path> pidFiles = Files.newDirectoryStream(clusterDir, "*.pid")) {
            for (Path pidFile : pidFiles) {
                try {
                    ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).ifPresent(ProcessHandle::destroyForcibly);
                } catch (NumberFormatException | IOException e) {
                    // not a pid: nothing to kill
                }
            }
        }
    }

    private static boolean ownerAlive(long pid, long startMillis) {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .map(h -> startMillis(h).map(s -> s == startMillis).orElse(true))
                .orElse(false);
    }

    private static Optional<Long> startMillis(ProcessHandle handle) {
        return handle.info().startInstant().map(Instant::toEpochMilli);
    }
}
