package dev.bindery.test;

import dev.bindery.test.internal.ClusterRuntime;
import dev.bindery.test.internal.SharedClusters;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A PostgreSQL primary with streaming replicas that this JVM started, from binaries shipped as a Maven artifact.
 * Its own {@link #database()} is {@code postgres}; {@link #createDatabase(String)} gives a view on a fresh database.
 *
 * <pre>{@code
 * try (PostgresCluster eu = PostgresCluster.builder().name("eu").replicas(1).start()) {
 *     ReplicatedDatabase db = eu.createDatabase("orders");
 *     ...
 * }
 * }</pre>
 */
public interface PostgresCluster extends ReplicatedDatabase, AutoCloseable {

    /** A builder for a private cluster, which the caller closes. */
    static Builder builder() {
        return new Builder();
    }

    /**
     * The cluster with {@code replicas} replicas shared by the whole JVM, started on first use and stopped by a
     * shutdown hook. {@link #close()} on it does nothing.
     */
    static PostgresCluster shared(int replicas) {
        return SharedClusters.get(replicas);
    }

    /**
     * Creates a database on the primary, waits until every running replica has replayed it, and returns a view of
     * this cluster on that database.
     *
     * @throws PostgresClusterException when the database cannot be created (e.g. it exists) or a replica does not catch up
     */
    ReplicatedDatabase createDatabase(String name);

    /** Drops a database, disconnecting its sessions ({@code WITH (FORCE)}); a missing database is ignored. */
    void dropDatabase(String name);

    /** The directory holding the server logs ({@code <node>.log}). */
    Path logDirectory();

    /** Stops all nodes immediately and deletes their data directories. Idempotent. */
    @Override
    void close();

    /** Configuration of a private cluster. */
    final class Builder {
        private String name = "cluster";
        private int replicas = 2;
        private Path logDirectory;

        private Builder() {
        }

        /** The cluster's name, used in log paths; letters, digits, '-' and '_' (default {@code cluster}). */
        public Builder name(String name) {
            this.name = dev.bindery.test.internal.ClusterNames.check(name);
            return this;
        }

        /** The number of streaming replicas, 0 or more (default 2). */
        public Builder replicas(int replicas) {
            if (replicas < 0 || replicas > 8) {
                throw new IllegalArgumentException("replicas was " + replicas + " but must be between 0 and 8.");
            }
            this.replicas = replicas;
            return this;
        }

        /**
         * Where the server logs go (default: {@code target/bindery-pg/<name>}, or the system property
         * {@code bindery.pg.logs} as parent).
         */
        public Builder logDirectory(Path logDirectory) {
            this.logDirectory = Objects.requireNonNull(logDirectory, "logDirectory");
            return this;
        }

        /**
         * Unpacks the binaries if needed, cleans up clusters left by dead JVMs, starts the primary and replicas and
         * waits until the replicas stream.
         *
         * @throws PostgresClusterException when a node does not start; the message ends with the tail of its log
         */
        public PostgresCluster start() {
            return ClusterRuntime.startPrivate(name, replicas, logDirectory);
        }
    }
}
