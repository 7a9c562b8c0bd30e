package dev.bindery.test.internal;

import dev.bindery.test.MariaDbClusterException;
import dev.bindery.test.Node;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One {@code mariadbd} process (a primary or a replica) and its data directory. The process is a child of this JVM;
 * its pid file ({@value #PID_FILE} in the data directory) lets the {@link Watchdog} and the {@link OrphanReaper} find
 * it when the JVM died without closing the cluster.
 */
final class MariaDbServer {
    static final String PID_FILE = "mariadbd.pid";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final MariaDbBinaries binaries;
    private final Node node;
    private final int serverId;
    private final Path dataDir;
    private final Path logFile;
    private volatile Process process;
    private volatile boolean portConflict;
    private volatile Node.Role role;
    private volatile boolean readOnly;

    MariaDbServer(MariaDbBinaries binaries, Node node, int serverId, Path dataDir, Path logFile) {
        this.binaries = binaries;
        this.node = node;
        this.serverId = serverId;
        this.dataDir = dataDir;
        this.logFile = logFile;
        this.role = node.role();
        this.readOnly = !node.isPrimary();
    }

    /** The node with its current role ({@link #moveTo}). */
    Node node() {
        return role == node.role() ? node : new Node(node.name(), role, node.port());
    }

    /** True when {@code other} names this server: same name and port, whatever role it had when it was taken. */
    boolean is(Node other) {
        return other.name().equals(node.name()) && other.port() == node.port();
    }

    /**
     * Records a new role and whether the server starts read-only from now on (a promotion sets it to writable with
     * {@code SET GLOBAL read_only=0} too; this keeps the next start consistent).
     */
    void moveTo(Node.Role newRole, boolean startsReadOnly) {
        this.role = newRole;
        this.readOnly = startsReadOnly;
    }

    Path logFile() {
        return logFile;
    }

    /** The root JDBC URL of this server, without a database. */
    String rootUrl() {
        return "jdbc:mariadb://127.0.0.1:" + node.port() + "/?user=root&connectTimeout=2000";
    }

    private List<String> command() {
        List<String> c = new ArrayList<>(List.of(binaries.server().toString(), "--no-defaults"));
        if (ServerAccount.current().switchesUser()) {
            c.add("--user=root");
        }
        c.addAll(List.of(
                "--datadir=" + dataDir,
                "--port=" + node.port(),
                "--bind-address=127.0.0.1",
                // Relative to the working directory (the data directory): an absolute path could pass the 107-byte
                // limit of a Unix socket path. Nothing uses the socket; clients connect over TCP.
                "--socket=mariadbd.sock",
                "--pid-file=" + dataDir.resolve(PID_FILE),
                "--server-id=" + serverId,
                "--skip-name-resolve",
                "--innodb-log-file-size=8M",
                "--innodb-buffer-pool-size=32M",
                "--max-connections=200",
                "--slave-net-timeout=10",
                "--innodb-buffer-pool-load-at-startup=0",
                "--innodb-buffer-pool-dump-at-shutdown=0",
                "--innodb-temp-data-file-path=ibtmp1:1M:autoextend",
                "--character-set-server=utf8mb4"));
        // Every node logs what it applies (log_slave_updates), so that a promoted replica serves its GTID position
        // and its binlog to the other replicas, as a primary started as one does.
        c.addAll(List.of("--log-bin=mysql-bin", "--binlog-format=ROW", "--log-slave-updates=1", "--relay-log=relay-bin",
                "--read-only=" + (readOnly ? 1 : 0)));
        return c;
    }

    /** Starts the server and waits until it accepts connections; the failure message ends with the log's tail. */
    void start() {
        if (isRunning()) {
            return;
        }
        ProcessBuilder pb = new ProcessBuilder(command()).directory(dataDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().keySet().removeIf(k -> k.startsWith("MYSQL") || k.startsWith("MARIADB"));
        pb.environment().put("LC_ALL", "C");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new MariaDbClusterException("Could not run " + binaries.server() + " for MariaDB node '" + node.name()
                    + "': " + e.getMessage(), e);
        }
        process = p;
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String lastError = null;
        while (true) {
            if (!p.isAlive()) {
                throw new MariaDbClusterException("MariaDB node '" + node.name() + "' on port " + node.port()
                        + " exited during start-up (exit code " + p.exitValue() + "). Full log: " + logFile
                        + ProcessRunner.tailOf(logFile, 30));
            }
            try (Connection c = DriverManager.getConnection(rootUrl()); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select @@datadir")) {
                rs.next();
                if (!Path.of(rs.getString(1)).normalize().equals(dataDir.normalize())) {
                    portConflict = true;
                    kill();
                    throw new MariaDbClusterException("Port " + node.port() + " of MariaDB node '" + node.name()
                            + "' is served by another server (data directory " + rs.getString(1) + ").");
                }
                return;
            } catch (SQLException e) {
                lastError = e.getMessage();
            }
            if (System.nanoTime() > deadline) {
                kill();
                throw new MariaDbClusterException("MariaDB node '" + node.name() + "' on port " + node.port()
                        + " did not accept connections within " + START_TIMEOUT + " (" + lastError + "). Full log: "
                        + logFile + ProcessRunner.tailOf(logFile, 30));
            }
            MariaDbRuntime.pause(20);
        }
    }

    /** True when the log shows the start failed because the port was taken. */
    boolean portWasTaken() {
        String tail = ProcessRunner.tailOf(logFile, 40);
        return portConflict || tail.contains("Bind on TCP/IP port") || tail.contains("Address already in use");
    }

    /** Stops the server with SIGTERM (a clean shutdown) and waits until it is gone; SIGKILL after 30 s. */
    void stop() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            throw new MariaDbClusterException("Interrupted while stopping MariaDB node '" + node.name() + "'", e);
        }
    }

    /** Sends SIGKILL, like a crash, and waits until the process is gone. */
    void kill() {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    throw new MariaDbClusterException("MariaDB node '" + node.name() + "' (pid " + p.pid()
                            + ") was still alive 20 s after SIGKILL. Kill it by hand (kill -9 " + p.pid() + ").");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MariaDbClusterException("Interrupted while killing MariaDB node '" + node.name() + "'", e);
            }
        }
        killTree(dataDir);
    }

    /** True when this node's {@code mariadbd} is alive. */
    boolean isRunning() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** Kills (SIGKILL) the {@code mariadbd} recorded in a data directory's pid file, waits for it, removes the file. */
    static void killTree(Path dataDir) {
        Path pidFile = dataDir.resolve(PID_FILE);
        Optional<ProcessHandle> server = readPid(pidFile).flatMap(ProcessHandle::of)
                .filter(h -> h.info().command().map(c -> c.endsWith("mariadbd") || c.endsWith("mysqld")).orElse(true));
        if (server.isPresent()) {
            server.get().destroyForcibly();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (server.get().isAlive() && System.nanoTime() < deadline) {
                MariaDbRuntime.pause(10);
            }
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException ignored) {
            // the next start overwrites it
        }
    }

    private static Optional<Long> readPid(Path pidFile) {
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
