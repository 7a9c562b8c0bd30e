package dev.bindery.test;

import dev.bindery.BindConfig;
import dev.bindery.Binds;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * A running PostgreSQL primary with streaming replicas, seen through one database. JDBC URLs point at that database;
 * the fault controls act on the whole server of a node. Methods throw {@link PostgresClusterException} when a server
 * cannot be reached or controlled, and {@link IllegalArgumentException} for a node of another cluster.
 */
public interface ReplicatedDatabase {

    /** The cluster's name, such as {@code shared-r2} or the name given to {@link PostgresCluster.Builder#name(String)}. */
    String name();

    /** The database that {@link #jdbcUrl(Node)} and {@link #connect(Node)} use. */
    String database();

    /** The primary node. */
    Node primary();

    /** The replicas, in order {@code replica-1..N}. */
    List<Node> replicas();

    /** The replica {@code replica-<n>}, counting from 1. */
    Node replica(int n);

    /** The node with this name ({@code primary}, {@code replica-1}, ...); unknown names list the known ones. */
    Node node(String name);

    /** All nodes, primary first. */
    List<Node> nodes();

    /** The JDBC URL of {@code node} for this cluster's database (user {@code postgres}, no password). */
    String jdbcUrl(Node node);

    /** The JDBC URL of the primary for this cluster's database. */
    default String jdbcUrl() {
        return jdbcUrl(primary());
    }

    /** Opens a new JDBC connection to {@code node} and this cluster's database; the caller closes it. */
    Connection connect(Node node) throws SQLException;

    /** Stops a node cleanly (pg_ctl stop -m fast). Stopping a stopped node does nothing. */
    void stop(Node node);

    /** Kills a node's postmaster and backends with SIGKILL, like a crash, and waits until they are gone. */
    void kill(Node node);

    /** Starts a stopped or killed node on its port and waits until it accepts connections. */
    void start(Node node);

    /** Stops a node cleanly and starts it again. */
    void restart(Node node);

    /** True when the node's postmaster is alive. */
    boolean isRunning(Node node);

    /** Pauses WAL replay on a replica ({@code pg_wal_replay_pause()}): it keeps receiving WAL but shows no new data. */
    void pauseReplay(Node replica);

    /** Resumes WAL replay on a replica ({@code pg_wal_replay_resume()}). */
    void resumeReplay(Node replica);

    /** How many bytes of the primary's WAL the replica has not replayed yet; 0 when caught up. */
    long lagBytes(Node replica);

    /**
     * Waits until the replica has replayed all WAL the primary had written when this method was called.
     *
     * @throws PostgresClusterException on timeout (saying why: stopped, replay paused, not streaming), with the log tail
     */
    void awaitCaughtUp(Node replica, Duration timeout);

    /** Waits until every running replica has caught up, as {@link #awaitCaughtUp(Node, Duration)}. */
    void awaitCaughtUp(Duration timeout);

    /**
     * Undoes fault injection: starts stopped nodes, resumes replay and waits until all replicas have caught up.
     *
     * @throws PostgresClusterException after {@link #promote}, {@link #startWritable} or {@link #synchronousStandby}:
     *                                  such a cluster cannot be healed back; close it
     */
    void heal();

    /**
     * Promotes a replica with {@code pg_promote()} and waits until it takes writes on a new timeline. It becomes the
     * node whose position {@link #awaitCaughtUp(Duration)} and {@link #lagBytes} compare against; the other replicas
     * keep following the old primary until {@link #follow} points them at it. Use a cluster of your own
     * ({@code @PostgresReplication(isolated = true)} or {@link PostgresCluster#builder()}), never the shared one.
     *
     * @throws IllegalArgumentException if the node takes writes already
     */
    void promote(Node replica);

    /**
     * A planned switchover to {@code replica}, as an HA manager does it: stops the node that takes writes cleanly (its
     * sessions end, its WAL up to the shutdown checkpoint reaches the replicas), waits until {@code replica} replayed
     * it, promotes it, starts the old one again as its standby and points the other replicas at it. No committed write
     * is lost.
     *
     * @throws IllegalArgumentException if {@code replica} takes writes
     */
    void switchover(Node replica);

    /**
     * Points a replica at another node ({@code primary_conninfo}, reloaded without a restart): it follows that node's
     * latest timeline if its own replay has not gone past the point where that timeline forked, else it stays on its
     * old timeline (PostgreSQL logs why).
     *
     * @throws IllegalArgumentException if {@code replica} takes writes
     */
    void follow(Node replica, Node primary);

    /**
     * Starts a stopped or killed node as a writable primary of its own, whatever it was: an old primary comes back on
     * its old timeline (a split-brain next to a promoted replica); a replica leaves recovery without a promotion.
     *
     * @throws IllegalArgumentException if the node is running
     */
    void startWritable(Node node);

    /**
     * Makes {@code replica} the synchronous standby of the node that takes writes, with
     * {@code synchronous_commit = remote_apply}: a commit returns once that replica has applied it. {@code null} goes
     * back to asynchronous replication. Waits until the standby is synchronous.
     */
    void synchronousStandby(Node replica);

    /**
     * Binds for this cluster's database: {@code default} on the primary and {@code replica-1..N} on the replicas,
     * each {@code replicaOf("default")}, user {@code postgres}, pool size 4. The caller closes them.
     */
    default Binds binds() {
        return binds((node, bind) -> { });
    }

    /**
     * Like {@link #binds()}, letting {@code customizer} change each bind's options (pool size, lag bounds, ...)
     * before they are built.
     *
     * @throws dev.bindery.BindConfigException when a customized option is invalid
     */
    default Binds binds(BiConsumer<Node, BindConfig.Builder> customizer) {
        Binds.Builder builder = Binds.builder();
        for (Node node : nodes()) {
            String key = node.isPrimary() ? Binds.DEFAULT : node.name();
            builder.bind(key, b -> {
                b.url("jdbc:postgresql://127.0.0.1:" + node.port() + "/" + database()).username("postgres").poolSize(4);
                if (!node.isPrimary()) {
                    b.replicaOf(Binds.DEFAULT);
                }
                customizer.accept(node, b);
            });
        }
        return builder.build();
    }
}
