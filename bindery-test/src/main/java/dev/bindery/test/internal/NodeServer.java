package dev.bindery.test.internal;

import dev.bindery.test.Node;
import dev.bindery.test.PostgresClusterException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One PostgreSQL server process (a primary or a replica) and its data directory; starts, stops and kills it. */
public final class NodeServer {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final PgBinaries binaries;
    private final ServerAccount account;
    private final Path dataDir;
    private final Path logFile;
    private volatile Node node;

    NodeServer(PgBinaries binaries, ServerAccount account, Node node, Path dataDir, Path logFile) {
        this.binaries = binaries;
        this.account = account;
        this.node = node;
        this.dataDir = dataDir;
        this.logFile = logFile;
    }

    /** Copies the template into this node's data directory; a replica also gets standby.signal and primary_conninfo. */
    void createFrom(Path template, int primaryPort) throws IOException {
        ProcessRunner.runOrFail(List.of("cp", "-a", template.toString(), dataDir.toString()), Duration.ofMinutes(1),
                "Could not copy the PostgreSQL template into " + dataDir);
        if (node.role() == Node.Role.REPLICA) {
            Path signal = Files.createFile(dataDir.resolve("standby.signal"));
            account.own(signal);
            Files.writeString(dataDir.resolve("postgresql.conf"),
                    "primary_conninfo = 'host=127.0.0.1 port=" + primaryPort + " user=postgres application_name="
                            + node.name() + "'\n",
                    StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        }
    }

    /** The node this process serves. */
    public Node node() {
        return node;
    }

    void moveTo(Node moved) {
        this.node = moved;
    }

    /** The server log file. */
    public Path logFile() {
        return logFile;
    }

    /** The data directory. */
    public Path dataDir() {
        return dataDir;
    }

    /** Starts the server and waits until it accepts connections; the failure message ends with the log's tail. */
    public void start() {
        if (isRunning()) {
            return;
        }
        List<String> cmd = account.command(List.of(binaries.bin("pg_ctl"), "start", "-w",
                "-t", String.valueOf(START_TIMEOUT.toSeconds()), "-D", dataDir.toString(), "-o", "-p " + node.port()));
        int code = ProcessRunner.run(cmd, logFile, START_TIMEOUT.plusSeconds(10));
        // pg_ctl exits with 0 when a standby's postmaster exits early ("shut down because of recovery target
        // settings"), even when it failed to bind its port, so check that the postmaster is really there.
        if (code != 0 || !isRunning()) {
            throw new PostgresClusterException("PostgreSQL node '" + node.name() + "' on port " + node.port()
                    + " did not start (pg_ctl exit code " + code + "). Full log: " + logFile
                    + ProcessRunner.tailOf(logFile, 40));
        }
    }

    /** True when the log shows the start failed because the port was taken. */
    boolean portWasTaken() {
        String tail = ProcessRunner.tailOf(logFile, 40);
        return tail.contains("could not bind") || tail.contains("Address already in use");
    }

    /** Stops the server with the given pg_ctl shutdown mode (fast, immediate) and waits until it is gone. */
    public void stop(String mode) {
        Optional<ProcessHandle> postmaster = postmasterPid(dataDir).flatMap(ProcessHandle::of);
        if (postmaster.isEmpty() || !postmaster.get().isAlive()) {
            return;
        }
        List<String> cmd = account.command(List.of(binaries.bin("pg_ctl"), "stop", "-w", "-t", "60",
                "-m", mode, "-D", dataDir.toString()));
        int code = ProcessRunner.run(cmd, logFile, Duration.ofSeconds(70));
        if (code != 0 && isRunning()) {
            throw new PostgresClusterException("PostgreSQL node '" + node.name() + "' did not stop (pg_ctl exit code " + code
                    + "). Full log: " + logFile + ProcessRunner.tailOf(logFile, 40));
        }
        // pg_ctl returns once postmaster.pid is gone, a moment before the process itself has exited.
        awaitGone(List.of(postmaster.get()), Duration.ofSeconds(20), dataDir);
    }

    /** Sends SIGKILL to the postmaster and all its children, like a crash, and waits until they are gone. */
    public void kill() {
        killTree(dataDir);
    }

    /** True when the postmaster recorded in postmaster.pid is alive. */
    public boolean isRunning() {
        return postmasterPid(dataDir).flatMap(ProcessHandle::of).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The postmaster's pid from the data directory's postmaster.pid, if present. */
    public static Optional<Long> postmasterPid(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
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

    /** Kills (SIGKILL) the postmaster of a data directory and its children, waits for them, removes postmaster.pid. */
    public static void killTree(Path dataDir) {
        Optional<ProcessHandle> postmaster = postmasterPid(dataDir).flatMap(ProcessHandle::of);
        if (postmaster.isPresent()) {
            List<ProcessHandle> all = new ArrayList<>();
            all.add(postmaster.get());
            postmaster.get().descendants().forEach(all::add);
            all.forEach(ProcessHandle::destroyForcibly);
            awaitGone(all, Duration.ofSeconds(20), dataDir);
        }
        try {
            Files.deleteIfExists(dataDir.resolve("postmaster.pid"));
        } catch (IOException ignored) {
            // the next start reports a stale lock file clearly enough
        }
    }

    private static void awaitGone(List<ProcessHandle> processes, Duration timeout, Path dataDir) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (processes.stream().anyMatch(ProcessHandle::isAlive)) {
            if (System.nanoTime() > deadline) {
                throw new PostgresClusterException("PostgreSQL processes of " + dataDir + " were still alive after " + timeout
                        + ": " + processes.stream().filter(ProcessHandle::isAlive).map(h -> String.valueOf(h.pid())).toList()
                        + ". Kill them by hand (kill -9 <pid>).");
            }
            Sleep.millis(10);
        }
    }
}
