package dev.bindery.test;

/**
 * One server of a test cluster (PostgreSQL or MariaDB): the primary or one of its replicas, listening on a loopback
 * port.
 *
 * @param name  {@code primary}, {@code replica-1}, {@code replica-2}, ...
 * @param role  whether it takes writes or follows the primary
 * @param port  its TCP port on 127.0.0.1
 */
public record Node(String name, Role role, int port) {

    /** Whether a node is the primary or a streaming replica. */
    public enum Role {
        /** Accepts writes; replicas stream its WAL. */
        PRIMARY,
        /** A hot standby: read-only, replays the primary's WAL. */
        REPLICA
    }

    /** True for the primary. */
    public boolean isPrimary() {
        return role == Role.PRIMARY;
    }

    /**
     * The PostgreSQL JDBC URL of this node for {@code database}, as user {@code postgres} (trust authentication, no
     * password). For a MariaDB node use {@link MariaDbCluster#jdbcUrl(Node)}.
     */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres";
    }
}
