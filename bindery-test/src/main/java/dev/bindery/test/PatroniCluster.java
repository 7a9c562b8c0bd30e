package dev.bindery.test;

import dev.bindery.test.internal.PatroniBinaries;
import dev.bindery.test.internal.PatroniRuntime;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A Patroni cluster that this JVM started: one etcd and {@code members} PostgreSQL servers, each run by its own
 * Patroni process, on free loopback ports, from the machine's packages (Debian: {@code patroni}, {@code etcd-server},
 * {@code postgresql}). Patroni decides who leads; the handle reads roles from Patroni's REST API, so a {@link Node}
 * is a snapshot ({@link Node.Role#PRIMARY} for the leader) taken when the method was called. JDBC URLs point at
 * {@link #database()} as user {@code postgres} (trust authentication, no password). Methods throw
 * {@link PatroniClusterException} when a process cannot be started or controlled or an awaited state does not come,
 * and {@link IllegalArgumentException} for a member of another cluster.
 *
 * <pre>{@code
 * try (PatroniCluster cluster = PatroniCluster.builder().name("orders").start()) {
 *     Node old = cluster.leader();
 *     Node next = cluster.switchover();          // patronictl switchover, waits until next is writable
 *     ...
 * }
 * }</pre>
 */
public interface PatroniCluster extends AutoCloseable {

    /** A builder for a private cluster, which the caller closes. */
    static Builder builder() {
        return new Builder();
    }

    /** True when this machine has {@code patroni}, {@code patronictl}, {@code etcd} and PostgreSQL's server binaries. */
    static boolean isAvailable() {
        return PatroniBinaries.find().isPresent();
    }

    /** The cluster's name, which is also its Patroni {@code scope}. */
    String name();

    /** The database that {@link #jdbcUrl(Node)} and {@link #connect(Node)} use ({@code postgres} for the cluster itself). */
    String database();

    /** Every member with its current role, in name order ({@code pg-1}, {@code pg-2}, ...). */
    List<Node> members();

    /** The member with this name ({@code pg-1}, ...) and its current role; unknown names list the known ones. */
    Node member(String name);

    /**
     * The current leader, as Patroni's REST API reports it.
     *
     * @throws PatroniClusterException when no member holds the leader lock now (use {@link #awaitLeader(Duration)})
     */
    Node leader();

    /** The members that are not the leader now, running or not, in name order. */
    List<Node> replicas();

    /** The member's timeline as PostgreSQL reports it (a replica: the one it streams), or 0 when it is down. */
    int timeline(Node member);

    /** The JDBC URL of {@code member} for {@link #database()}. */
    String jdbcUrl(Node member);

    /** Opens a new JDBC connection to {@code member} and {@link #database()}; the caller closes it. */
    Connection connect(Node member) throws SQLException;

    /**
     * A planned switchover to {@code candidate} with {@code patronictl switchover --force}; waits until the candidate
     * leads and accepts writes, and returns it as leader.
     */
    Node switchover(Node candidate);

    /** A planned switchover to the first running replica, as {@link #switchover(Node)}. */
    Node switchover();

    /**
     * Kills a member like a machine crash: SIGKILL to its Patroni process, then to its postmaster and backends. The
     * leader lock then expires after Patroni's {@code ttl} and another member is promoted.
     */
    void kill(Node member);

    /** Kills the current leader as {@link #kill(Node)} and returns it (with its role at the moment it was killed). */
    Node killLeader();

    /** Starts a killed member's Patroni again; it rejoins as a replica of the current leader (pg_rewind if needed). */
    void start(Node member);

    /** True when the member's Patroni process is alive. */
    boolean isRunning(Node member);

    /** Waits until some member leads and accepts writes ({@code pg_is_in_recovery()} is false), and returns it. */
    Node awaitLeader(Duration timeout);

    /** Waits until a member other than {@code previous} leads and accepts writes, and returns it. */
    Node awaitNewLeader(Node previous, Duration timeout);

    /**
     * Waits until every running member is up, one leads, and each running replica streams on the leader's timeline
     * and has replayed what the leader had written when this method was called.
     */
    void awaitHealthy(Duration timeout);

    /** Undoes fault injection: starts killed members and waits until the cluster is healthy. */
    void heal();

    /**
     * Runs {@code patronictl} with this cluster's configuration ({@code -c <member config>}) and returns its output.
     *
     * @throws PatroniClusterException when it exits with another code than 0, with its output
     */
    String patronictl(String... arguments);

    /**
     * Creates a database on the leader, waits until every running replica has replayed it, and returns a view of this
     * cluster on that database (whose {@link #close()} does nothing).
     */
    PatroniCluster createDatabase(String name);

    /** Drops a database on the leader, disconnecting its sessions; a missing database is ignored. */
    void dropDatabase(String name);

    /** The directory holding the logs: {@code etcd.log} and {@code <member>.log} (Patroni and PostgreSQL). */
    Path logDirectory();

    /** How long {@link Builder#start()} took, from the call until every member was healthy. */
    Duration startup();

    /** Kills every process (Patroni, PostgreSQL, etcd) and deletes the data directories. Idempotent. */
    @Override
    void close();

    /** Configuration of a private cluster. */
    final class Builder {
        private String name = "patroni";
        private int members = 3;
        private Duration ttl = Duration.ofSeconds(10);
        private Path logDirectory;

        private Builder() {
        }

        /** The cluster's name and Patroni scope; letters, digits, '-' and '_' (default {@code patroni}). */
        public Builder name(String name) {
            this.name = dev.bindery.test.internal.ClusterNames.check(name);
            return this;
        }

        /** The number of PostgreSQL members, 2 to 5 (default 3). */
        public Builder members(int members) {
            if (members < 2 || members > 5) {
                throw new IllegalArgumentException("members was " + members + " but must be between 2 and 5.");
            }
            this.members = members;
            return this;
        }

        /**
         * Patroni's {@code ttl}: how long the leader lock outlives a dead leader, so roughly the time from a leader
         * kill to a promotion; 7 to 60 seconds (default 10 s; {@code loop_wait} is 1 s and {@code retry_timeout} 3 s,
         * and Patroni wants at least loop_wait + 2 retry_timeout).
         */
        public Builder ttl(Duration ttl) {
            Objects.requireNonNull(ttl, "ttl");
            if (ttl.toSeconds() < 7 || ttl.toSeconds() > 60 || ttl.toNanos() % 1_000_000_000L != 0) {
                throw new IllegalArgumentException("ttl was " + ttl + " but must be whole seconds between 7 and 60.");
            }
            this.ttl = ttl;
            return this;
        }

        /**
         * Where the logs go (default: {@code target/bindery-patroni/<name>}, or the system property
         * {@code bindery.patroni.logs} as parent).
         */
        public Builder logDirectory(Path logDirectory) {
            this.logDirectory = Objects.requireNonNull(logDirectory, "logDirectory");
            return this;
        }

        /**
         * Cleans up clusters left by dead JVMs, starts etcd and one Patroni per member, and waits until one member
         * leads and the others stream from it.
         *
         * @throws PatroniClusterException when the binaries are missing (saying how to install them) or a process
         *                                 does not start (with the tail of its log)
         */
        public PatroniCluster start() {
            return PatroniRuntime.start(name, members, ttl, logDirectory);
        }
    }
}
