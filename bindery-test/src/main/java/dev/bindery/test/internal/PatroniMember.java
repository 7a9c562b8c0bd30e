package dev.bindery.test.internal;

import dev.bindery.test.PatroniClusterException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One member of a test Patroni cluster: its configuration file, its Patroni process (which starts, stops and
 * promotes the member's PostgreSQL) and its data directory. The Patroni pid goes to {@code <name>.pid} in the cluster
 * directory, so that the {@link Watchdog} and the {@link OrphanReaper} find it.
 */
final class PatroniMember {
    private final String name;
    private final int pgPort;
    private final int restPort;
    private final Path clusterDir;
    private final Path logFile;
    private volatile Process process;

    PatroniMember(String name, int pgPort, int restPort, Path clusterDir, Path logFile) {
        this.name = name;
        this.pgPort = pgPort;
        this.restPort = restPort;
        this.clusterDir = clusterDir;
        this.logFile = logFile;
    }

    String name() {
        return name;
    }

    int pgPort() {
        return pgPort;
    }

    int restPort() {
        return restPort;
    }

    Path logFile() {
        return logFile;
    }

    Path config() {
        return clusterDir.resolve(name + ".yml");
    }

    Path dataDir() {
        return clusterDir.resolve(name);
    }

    /**
     * Writes the member's Patroni configuration. Timeouts are short ({@code loop_wait} 1 s, {@code retry_timeout}
     * 3 s) so that a test sees a promotion about {@code ttl} after a leader dies; durability settings are off because
     * the data is thrown away ({@code full_page_writes} stays on: pg_rewind needs it).
     */
    void writeConfig(String scope, int etcdPort, Duration ttl, PatroniBinaries binaries) throws IOException {
        String yaml = String.join("\n",
                "scope: " + scope,
                "name: " + name,
                "log:",
                "  level: INFO",
                "restapi:",
                "  listen: 127.0.0.1:" + restPort,
                "  connect_address: 127.0.0.1:" + restPort,
                "etcd3:",
                "  hosts: 127.0.0.1:" + etcdPort,
                "bootstrap:",
                "  dcs:",
                "    ttl: " + ttl.toSeconds(),
                "    loop_wait: 1",
                "    retry_timeout: 3",
                "    maximum_lag_on_failover: 16777216",
                "    postgresql:",
                "      use_pg_rewind: true",
                "      remove_data_directory_on_rewind_failure: true",
                "      remove_data_directory_on_diverged_timelines: true",
                "      parameters:",
                "        wal_level: replica",
                "        hot_standby: 'on'",
                "        wal_keep_size: 256MB",
                "        max_wal_senders: 10",
                "        max_replication_slots: 10",
                "        fsync: 'off'",
                "        shared_buffers: 16MB",
                "        jit: 'off'",
                "        wal_receiver_status_interval: 1s",
                "        wal_retrieve_retry_interval: 100ms",
                "  initdb:",
                "  - encoding: UTF8",
                "  - auth: trust",
                "  - no-sync",
                "  pg_hba:",
                "  - local all all trust",
                "  - host all all 127.0.0.1/32 trust",
                "  - host replication all 127.0.0.1/32 trust",
                "postgresql:",
                "  listen: 127.0.0.1:" + pgPort,
                "  connect_address: 127.0.0.1:" + pgPort,
                "  data_dir: " + dataDir(),
                "  bin_dir: " + binaries.pgBin(),
                "  basebackup:",
                "  - checkpoint: fast",
                "  pgpass: " + clusterDir.resolve(name + ".pgpass"),
                "  authentication:",
                "    superuser:",
                "      username: postgres",
                "    replication:",
                "      username: postgres",
                "    rewind:",
                "      username: postgres",
                "  parameters:",
                "    unix_socket_directories: '" + clusterDir + "'",
                "");
        Files.writeString(config(), yaml, StandardCharsets.UTF_8);
        ServerAccount.current().own(config());
    }

    /** Starts the member's Patroni as the server account, appending its output (and PostgreSQL's) to the log. */
    synchronized void start(PatroniBinaries binaries) {
        if (isRunning()) {
            return;
        }
        ProcessBuilder pb = new ProcessBuilder(ServerAccount.current().exec(List.of(binaries.patroni().toString(),
                config().toString())));
        pb.environment().keySet().removeIf(k -> k.startsWith("PG") || k.startsWith("PATRONI"));
        pb.environment().put("LC_ALL", "C");
        pb.environment().put("HOME", clusterDir.toString());
        pb.redirectErrorStream(true);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        try {
            process = pb.start();
            Files.writeString(clusterDir.resolve(name + ".pid"), process.pid() + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PatroniClusterException("Could not start Patroni for member '" + name + "': " + e.getMessage(), e);
        }
    }

    /** True when the member's Patroni process is alive. */
    boolean isRunning() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /**
     * SIGKILL to Patroni and whatever it runs (pg_basebackup, pg_rewind), then to the postmaster and its backends,
     * like a machine crash; waits until all are gone.
     */
    synchronized void kill() {
        Process p = process;
        if (p != null) {
            List<ProcessHandle> all = new ArrayList<>();
            all.add(p.toHandle());
            p.descendants().forEach(all::add);
            all.forEach(ProcessHandle::destroyForcibly);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (all.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
                Sleep.millis(10);
            }
        }
        NodeServer.killTree(dataDir());
        try {
            Files.deleteIfExists(clusterDir.resolve(name + ".pid"));
        } catch (IOException ignored) {
            // the watchdog ignores a pid that is gone
        }
    }

    @Override
    public String toString() {
        return name + "[pg " + pgPort + ", rest " + restPort + "]";
    }
}
