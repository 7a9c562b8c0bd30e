package dev.bindery.test.internal;

import dev.bindery.test.PatroniClusterException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The single-node etcd that a test Patroni cluster keeps its leader lock in, on two free loopback ports (client and
 * peer) with its data in the cluster directory. Its pid goes to {@code etcd.pid} for the {@link Watchdog}.
 */
final class EtcdServer {
    private final int clientPort;
    private final int peerPort;
    private final Path clusterDir;
    private final Path logFile;
    private volatile Process process;

    EtcdServer(int clientPort, int peerPort, Path clusterDir, Path logFile) {
        this.clientPort = clientPort;
        this.peerPort = peerPort;
        this.clusterDir = clusterDir;
        this.logFile = logFile;
    }

    int clientPort() {
        return clientPort;
    }

    Path logFile() {
        return logFile;
    }

    /** Starts etcd and waits until its {@code /health} endpoint answers healthy. */
    void start(PatroniBinaries binaries, String token, Duration timeout) {
        String client = "http://127.0.0.1:" + clientPort;
        String peer = "http://127.0.0.1:" + peerPort;
        ProcessBuilder pb = new ProcessBuilder(ServerAccount.current().exec(List.of(binaries.etcd().toString(),
                "--name", "etcd", "--data-dir", clusterDir.resolve("etcd").toString(),
                "--listen-client-urls", client, "--advertise-client-urls", client,
                "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
                "--initial-cluster", "etcd=" + peer, "--initial-cluster-state", "new", "--initial-cluster-token", token,
                "--logger", "zap", "--log-level", "warn")));
        pb.environment().keySet().removeIf(k -> k.startsWith("ETCD"));
        pb.redirectErrorStream(true);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        try {
            process = pb.start();
            Files.writeString(clusterDir.resolve("etcd.pid"), process.pid() + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PatroniClusterException("Could not start etcd (" + binaries.etcd() + "): " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new PatroniClusterException("etcd exited with code " + process.exitValue() + " while starting on port "
                        + clientPort + ". Full log: " + logFile + ProcessRunner.tailOf(logFile, 30));
            }
            String health = PatroniRest.get(clientPort, "/health");
            if (health != null && health.contains("\"true\"")) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new PatroniClusterException("etcd did not become healthy on port " + clientPort + " within " + timeout
                        + " (last answer: " + health + "). Full log: " + logFile + ProcessRunner.tailOf(logFile, 30));
            }
            Sleep.millis(50);
        }
    }

    /** True when the log shows the start failed because a port was taken. */
    boolean portWasTaken() {
        return ProcessRunner.tailOf(logFile, 40).contains("address already in use");
    }

    /** SIGKILL to etcd; waits until it is gone. */
    void kill() {
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
