package dev.bindery.internal;

import dev.bindery.spi.Role;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * How one database family reports health and replication position. All lag measuring lives behind this interface:
 * PostgreSQL compares WAL positions, MariaDB reads GTID sequence numbers and {@code Seconds_Behind_Master}, others are
 * only checked for liveness.
 */
public interface ReplicationProbe {

    /** One observation of a node. {@code position} is -1 and {@code replayLagMillis} -1 when unknown. */
    record Observation(long position, long replayLagMillis, boolean caughtUpWithReceived) {
        public static final Observation ALIVE = new Observation(-1, -1, true);
    }

    /**
     * Checks {@code connection}, a fresh or pooled connection to a node of {@code role}, and reports its position: the
     * primary's write position, or the replica's replay position.
     *
     * @throws SQLException when the node does not answer properly
     */
    Observation observe(Connection connection, Role role, int timeoutSeconds) throws SQLException;

    /** The probe for a JDBC URL. */
    static ReplicationProbe forUrl(String url) {
        if (url.startsWith("jdbc:postgresql:")) {
            return new PostgresProbe();
        }
        if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
            return new MariaDbProbe();
        }
        return (connection, role, timeout) -> {
            if (!connection.isValid(Math.max(1, timeout))) {
                throw new SQLException("connection is not valid", "08006");
            }
            return Observation.ALIVE;
        };
    }

    /** PostgreSQL: WAL LSNs, and replay time when the replica is behind. */
    final class PostgresProbe implements ReplicationProbe {
        @Override
        public Observation observe(Connection c, Role role, int timeoutSeconds) throws SQLException {
            try (Statement s = c.createStatement()) {
                s.setQueryTimeout(Math.max(1, timeoutSeconds));
                if (role == Role.PRIMARY) {
                    // The insert position, not the write position: with asynchronous commit a commit record can sit in
                    // the WAL buffers, and a token short of it would let a replica that lacks the commit pass.
                    try (ResultSet rs = s.executeQuery("select pg_is_in_recovery(), "
                            + "case when pg_is_in_recovery() then pg_last_wal_replay_lsn() else pg_current_wal_insert_lsn() end::text")) {
                        rs.next();
                        return new Observation(lsn(rs.getString(2)), 0, true);
                    }
                }
                try (ResultSet rs = s.executeQuery("select pg_last_wal_replay_lsn()::text, pg_last_wal_receive_lsn()::text, "
                        + "(extract(epoch from (clock_timestamp() - pg_last_xact_replay_timestamp())) * 1000)::bigint")) {
                    rs.next();
                    long replay = lsn(rs.getString(1));
                    long received = lsn(rs.getString(2));
                    long millis = rs.getLong(3);
                    if (rs.wasNull()) {
                        millis = -1;
                    }
                    return new Observation(replay, millis, replay >= received);
                }
            }
        }

        /** Parses {@code X/Y} into one number, so positions compare as longs. */
        static long lsn(String text) {
            if (text == null) {
                return -1;
            }
            int slash = text.indexOf('/');
            return (Long.parseLong(text.substring(0, slash), 16) << 32) + Long.parseLong(text.substring(slash + 1), 16);
        }
    }

    /** MariaDB: the sequence number of the GTID position (single replication domain), and Seconds_Behind_Master. */
    final class MariaDbProbe implements ReplicationProbe {
        @Override
        public Observation observe(Connection c, Role role, int timeoutSeconds) throws SQLException {
            try (Statement s = c.createStatement()) {
                s.setQueryTimeout(Math.max(1, timeoutSeconds));
                String variable = role == Role.PRIMARY ? "@@gtid_binlog_pos" : "@@gtid_slave_pos";
                long position;
                try (ResultSet rs = s.executeQuery("select " + variable)) {
                    rs.next();
                    position = gtidSequence(rs.getString(1));
                }
                if (role == Role.PRIMARY) {
                    return new Observation(position, 0, true);
                }
                long millis = -1;
                try (ResultSet rs = s.executeQuery("show slave status")) {
                    if (rs.next()) {
                        long seconds = rs.getLong("Seconds_Behind_Master");
                        millis = rs.wasNull() ? -1 : seconds * 1000;
                    }
                }
                return new Observation(position, millis, millis == 0);
            }
        }

        static long gtidSequence(String gtid) {
            if (gtid == null || gtid.isBlank()) {
                return -1;
            }
            String first = gtid.split(",")[0].trim();
            return Long.parseLong(first.substring(first.lastIndexOf('-') + 1));
        }
    }
}
