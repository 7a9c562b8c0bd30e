package dev.bindery.test;

import dev.bindery.BindConfig;
import dev.bindery.Binds;
import dev.bindery.test.internal.MariaDbBinaries;
import dev.bindery.test.internal.MariaDbRuntime;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * A private MariaDB primary with GTID replicas, started by this JVM from the machine's own {@code mariadbd} on free
 * loopback ports, with data on {@code /dev/shm} when possible. It never touches a server already running on the
 * machine. Applications connect as user {@code bindery} (no password, every privilege except {@code READ_ONLY ADMIN}
 * and {@code SUPER}, so replicas running {@code read_only=1} refuse its writes) to database {@code bindery}.
 * Methods throw {@link MariaDbClusterException} when a server cannot be reached or controlled, and
 * {@link IllegalArgumentException} for a node of another cluster.
 *
 * <pre>{@code
 * try (MariaDbCluster db = MariaDbCluster.builder().replicas(1).start();
 *      Binds binds = db.binds()) {
 *     ...
 * }
 * }</pre>
 */
public interface MariaDbCluster extends AutoCloseable {

    /** A builder for a private cluster, which the caller closes. */
    static Builder builder() {
        return new Builder();
    }

    /** True when this machine has the MariaDB server binaries ({@code mariadbd} and {@code mariadb-install-db}). */
    static boolean isAvailable() {
        return MariaDbBinaries.find().isPresent();
    }

    /** The cluster's name, as given to {@link Builder#name(String)}. */
    String name();

    /** The database that {@link #jdbcUrl(Node)} and {@link #connect(Node)} use: {@code bindery}. */
    String database();

    /** The node that takes writes: {@code primary} until {@link #promote(Node)} hands that role to a replica. */
    Node primary();

    /**
     * The other nodes, in order {@code primary}, {@code replica-1..N} (so after a promotion, the old primary first). A
     * {@link Node} is a snapshot: its role is the one it had when it was returned, and every method accepts it later.
     */
    List<Node> replicas();

    /** The replica {@code replica-<n>}, counting from 1. */
    Node replica(int n);

    /** All nodes, in order {@code primary}, {@code replica-1..N}, each with its current role. */
    List<Node> nodes();

    /** The JDBC URL of {@code node} for database {@code bindery} as user {@code bindery} (no password). */
    String jdbcUrl(Node node);

    /** The JDBC URL of the primary, as {@link #jdbcUrl(Node)}. */
    default String jdbcUrl() {
        return jdbcUrl(primary());
    }

    /** Opens a new connection to {@code node} as user {@code bindery}; the caller closes it. */
    Connection connect(Node node) throws SQLException;

    /** Opens a new connection to {@code node} as {@code root}, which may write even on a read-only replica. */
    Connection connectAsRoot(Node node) throws SQLException;

    /** Stops a node cleanly (SIGTERM) and waits until its process is gone. Stopping a stopped node does nothing. */
    void stop(Node node);

    /** Kills a node with SIGKILL, like a crash, and waits until it is gone. */
    void kill(Node node);

    /** Starts a stopped or killed node on its port and waits until it accepts connections; a replica resumes replicating. */
    void start(Node node);

    /** True when the node's {@code mariadbd} is alive. */
    boolean isRunning(Node node);

    /**
     * Promotes a running replica, as an operator does after losing the primary: it applies what it had received
     * ({@code STOP SLAVE IO_THREAD}, {@code MASTER_GTID_WAIT}), then {@code STOP SLAVE}, {@code RESET SLAVE ALL} and
     * {@code SET GLOBAL read_only=0}; every other running replica is pointed at it
     * ({@code CHANGE MASTER TO ... master_use_gtid=slave_pos}, {@code START SLAVE}), which fails for a replica that
     * received more of the old primary's transactions than the promoted one (promote the most advanced one). The old primary is left as it is:
     * stop or kill it first, or let it run (or {@link #start(Node)} it later) as a writable split-brain node, until
     * {@link #rejoin(Node)} or {@link #heal()}. Returns the promoted node, now {@link #primary()}.
     *
     * @throws MariaDbClusterException  when the replica is not running or a statement fails
     * @throws IllegalArgumentException for the current primary or an old primary not rejoined yet
     */
    Node promote(Node replica);

    /**
     * Makes an old primary left behind by {@link #promote(Node)} a read-only replica of the current primary (starting
     * it when stopped): {@code SET GLOBAL read_only=1}, {@code CHANGE MASTER TO ... master_use_gtid=current_pos},
     * {@code START SLAVE}.
     *
     * @throws MariaDbClusterException  when replication does not run within 30 s, typically because the old primary
     *                                  has transactions the new one lacks (written to it after the promotion)
     * @throws IllegalArgumentException for a node that was not left behind by a promotion
     */
    void rejoin(Node oldPrimary);

    /** Stops a replica's SQL thread ({@code STOP SLAVE SQL_THREAD}): it keeps receiving the binlog but applies nothing. */
    void pauseReplication(Node replica);

    /** Starts a replica's SQL thread again ({@code START SLAVE SQL_THREAD}). */
    void resumeReplication(Node replica);

    /** The node's GTID position: {@code @@gtid_binlog_pos} on the primary, {@code @@gtid_slave_pos} on a replica. */
    String gtidPosition(Node node);

    /**
     * Waits until the replica has applied every transaction the primary had logged when this method was called.
     *
     * @throws MariaDbClusterException on timeout, saying why (stopped, SQL thread paused, I/O thread down)
     */
    void awaitCaughtUp(Node replica, Duration timeout);

    /** Waits until every running replica has caught up, as {@link #awaitCaughtUp(Node, Duration)}. */
    void awaitCaughtUp(Duration timeout);

    /**
     * Undoes fault injection: starts stopped nodes, rejoins an old primary left behind by a promotion (the promoted node
     * stays primary), resumes replication and waits until all replicas caught up.
     */
    void heal();

    /**
     * A builder of binds for this cluster: {@code default} on the primary and {@code replica-1..N} on the replicas,
     * each {@code replicaOf("default")}, user {@code bindery}, pool size 4. Add options or listeners, then build.
     */
    default Binds.Builder bindsBuilder() {
        return bindsBuilder((node, bind) -> { });
    }

    /**
     * Like {@link #bindsBuilder()}, letting {@code customizer} change each bind's options (lag bounds, health checks,
     * ...) before they are built.
     */
    default Binds.Builder bindsBuilder(BiConsumer<Node, BindConfig.Builder> customizer) {
        Binds.Builder builder = Binds.builder();
        for (Node node : nodes()) {
            String key = node.isPrimary() ? Binds.DEFAULT : node.name();
            builder.bind(key, b -> {
                b.url(jdbcUrl(node)).poolSize(4);
                if (!node.isPrimary()) {
                    b.replicaOf(Binds.DEFAULT);
                }
                customizer.accept(node, b);
            });
        }
        return builder;
    }

    /** {@link #bindsBuilder()}, built. The caller closes the binds. */
    default Binds binds() {
        return bindsBuilder().build();
    }

    /** The directory holding the server logs ({@code <node>.log}). */
    Path logDirectory();

    /** How long {@link Builder#start()} took, from the call until every replica was replicating. */
    Duration startup();

    /** Stops all nodes immediately and deletes their data directories. Idempotent. */
    @Override
    void close();

    /** Configuration of a private cluster. */
    final class Builder {
        private String name = "mariadb";
        private int replicas = 1;
        private Path logDirectory;

        private Builder() {
        }

        /** The cluster's name, used in log paths; letters, digits, '-' and '_' (default {@code mariadb}). */
        public Builder name(String name) {
            this.name = dev.bindery.test.internal.ClusterNames.check(name);
            return this;
        }

        /** The number of replicas, 1 to 8 (default 1). */
        public Builder replicas(int replicas) {
            if (replicas < 1 || replicas > 8) {
                throw new IllegalArgumentException("replicas was " + replicas + " but must be between 1 and 8.");
            }
            this.replicas = replicas;
            return this;
        }

        /**
         * Where the server logs go (default: {@code target/bindery-mariadb/<name>}, or the system property
         * {@code bindery.mariadb.logs} as parent).
         */
        public Builder logDirectory(Path logDirectory) {
            this.logDirectory = Objects.requireNonNull(logDirectory, "logDirectory");
            return this;
        }

        /**
         * Cleans up clusters left by dead JVMs, initialises one data directory and copies it for each node, starts
         * the nodes and waits until every replica replicates from the primary.
         *
         * @throws MariaDbClusterException when {@code mariadbd} is not installed or a node does not start; the message
         *                                 says how to install it or ends with the tail of the node's log
         */
        public MariaDbCluster start() {
            return MariaDbRuntime.start(name, replicas, logDirectory);
        }
    }
}
