package dev.bindery.test.internal;

import dev.bindery.test.Node;
import dev.bindery.test.PostgresClusterException;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The failover fault controls of one cluster and what they changed: which node takes writes now (the primary, or
 * the replica promoted with {@code pg_promote()}), and which nodes were made writable on their own (split-brain).
 * A cluster that was promoted cannot be healed back: close it.
 */
final class PromotionState {
    private final ClusterRuntime runtime;
    private volatile Node current;
    /** Nodes that take writes: the current primary and any node started writable on its own. */
    private final Set<String> writers = ConcurrentHashMap.newKeySet();
    private volatile boolean synchronous;

    PromotionState(ClusterRuntime runtime, Node primary) {
        this.runtime = runtime;
        this.current = primary;
        writers.add(primary.name());
    }

    /** The node that writes the cluster's current timeline. */
    Node current() {
        return current;
    }

    /** Whether the cluster's roles were changed by a promotion or a split-brain start. */
    boolean changed() {
        return writers.size() != 1 || !current.isPrimary() || synchronous;
    }

    boolean isWriter(Node node) {
        return writers.contains(node.name());
    }

    void promote(Node replica) {
        runtime.replicaServer(replica);
        if (isWriter(replica)) {
            throw new IllegalArgumentException("Node '" + replica.name() + "' takes writes already; promote a replica that follows.");
        }
        String done = runtime.queryString(replica, "select pg_promote(true, 60)::text");
        if (!"true".equals(done)) {
            throw new PostgresClusterException("pg_promote() on node '" + replica.name() + "' did not finish within 60 s.");
        }
        writers.add(replica.name());
        current = replica;
    }

    void switchover(Node to) {
        Node from = current;
        runtime.replicaServer(to);
        NodeServer old = runtime.server(from);
        old.stop("fast");   // ends its sessions; the WAL up to the shutdown checkpoint reaches the streaming replicas
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!"true".equals(runtime.queryString(to, "select (pg_last_wal_replay_lsn() >= pg_last_wal_receive_lsn())::text"))) {
            if (System.nanoTime() > deadline) {
                throw new PostgresClusterException("Replica '" + to.name() + "' did not replay what it received within 30 s.");
            }
            Sleep.millis(5);
        }
        promote(to);
        try {
            java.nio.file.Path signal = old.dataDir().resolve("standby.signal");
            if (!Files.exists(signal)) {
                ServerAccount.current().own(Files.createFile(signal));
            }
            Files.writeString(old.dataDir().resolve("postgresql.auto.conf"), "primary_conninfo = 'host=127.0.0.1 port="
                    + to.port() + " user=postgres application_name=" + from.name() + "'\n", java.nio.charset.StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new PostgresClusterException("Could not make node '" + from.name() + "' a standby: " + e.getMessage(), e);
        }
        writers.remove(from.name());
        old.start();
        for (Node n : runtime.nodes()) {
            if (!isWriter(n) && !n.equals(from) && runtime.isRunning(n)) {
                follow(n, to);
            }
        }
    }

    void follow(Node replica, Node primary) {
        runtime.server(primary);
        runtime.server(replica);
        if (isWriter(replica)) {
            throw new IllegalArgumentException("Node '" + replica.name() + "' takes writes; only a node in recovery can follow another.");
        }
        runtime.execute(replica, "alter system set primary_conninfo = 'host=127.0.0.1 port=" + primary.port()
                + " user=postgres application_name=" + replica.name() + "'");
        runtime.queryString(replica, "select pg_reload_conf()::text");
    }

    void startWritable(Node node) {
        NodeServer server = runtime.server(node);
        if (server.isRunning()) {
            throw new IllegalArgumentException("Node '" + node.name() + "' is running; kill(node) or stop(node) it first.");
        }
        try {
            Files.deleteIfExists(server.dataDir().resolve("standby.signal"));
        } catch (IOException e) {
            throw new PostgresClusterException("Could not remove standby.signal of node '" + node.name() + "': " + e.getMessage(), e);
        }
        server.start();
        writers.add(node.name());
    }

    void synchronousStandby(Node replica) {
        Node primary = current;
        synchronous = true;
        String names = replica == null ? "" : "\"" + replica.name() + "\"";
        runtime.execute(primary, "alter system set synchronous_standby_names = '" + names + "'");
        runtime.execute(primary, "alter system set synchronous_commit = '" + (replica == null ? "on" : "remote_apply") + "'");
        runtime.queryString(primary, "select pg_reload_conf()::text");
        if (replica != null) {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!"sync".equals(runtime.queryString(primary, "select coalesce((select sync_state from pg_stat_replication "
                    + "where application_name = '" + replica.name() + "'), 'none')"))) {
                if (System.nanoTime() > deadline) {
                    throw new PostgresClusterException("Replica '" + replica.name() + "' did not become a synchronous standby of '"
                            + primary.name() + "' within 30 s (is it streaming from it?).");
                }
                Sleep.millis(20);
            }
        }
    }
}
