package dev.bindery.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * How one database family says what a member of a {@code failover=follow} group is now: writable or following
 * another, and on which timeline. PostgreSQL answers with {@code pg_is_in_recovery()} and its WAL timeline; MariaDB with
 * {@code @@read_only} and whether it replicates from a primary (it has no timelines).
 */
public interface RoleProbe {

    /**
     * What a member reported.
     *
     * @param writable whether it takes writes (not in recovery; MariaDB: not read-only and not replicating)
     * @param timeline the timeline it writes (writable) or receives and replays (following); 0 when the database has no
     *                 timelines or did not say
     */
    record MemberRole(boolean writable, long timeline) {
    }

    /**
     * Asks the member on {@code connection}.
     *
     * @throws SQLException when it does not answer
     */
    MemberRole ask(Connection connection, int timeoutSeconds) throws SQLException;

    /**
     * Where timeline {@code ended} ended on the member on {@code connection}, which writes a later timeline: the
     * position at which the history that member continues forked from {@code ended}. -1 when it cannot say (MariaDB,
     * or the timeline history cannot be read by this user).
     */
    default long switchpoint(Connection connection, long ended, long current, int timeoutSeconds) {
        return -1;
    }

    /** Sets the driver's connect and socket timeouts for a one-off connection that must fail within {@code seconds}. */
    void quickConnect(java.util.Properties properties, int seconds);

    /** The probe for a JDBC URL, or {@code null} for databases whose roles cannot be asked. */
    static RoleProbe forUrl(String url) {
        if (url.startsWith("jdbc:postgresql:")) {
            return new Postgres();
        }
        if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
            return new MariaDb();
        }
        return null;
    }

    /**
     * PostgreSQL. A writable member's timeline is the one its WAL insert position lies on, read from the WAL file name:
     * it changes the moment a promotion ends. {@code pg_control_checkpoint()} shows it once the checkpoint a promotion
     * requests (and does not wait for) is done; that checkpoint is paced like any other, so with many dirty buffers it
     * may lag. A member in recovery reports the newest of the timeline its WAL receiver streams, the one its minimum recovery
     * point lies on, and that of its last restart point: with its primary gone there is no WAL receiver, and the
     * restart point may still lie on the timeline before a switchover it has already followed.
     */
    final class Postgres implements RoleProbe {
        private static final String ASK = "select pg_is_in_recovery(), case when pg_is_in_recovery() then "
                + "greatest((select received_tli from pg_stat_wal_receiver), (select min_recovery_end_timeline from pg_control_recovery()), "
                + "(select timeline_id from pg_control_checkpoint())) "
                + "else ('x' || substr(pg_walfile_name(pg_current_wal_insert_lsn()), 1, 8))::bit(32)::bigint end";

        @Override
        public void quickConnect(java.util.Properties p, int seconds) {
            p.putIfAbsent("connectTimeout", String.valueOf(seconds));
            p.putIfAbsent("socketTimeout", String.valueOf(seconds + 1));
            p.putIfAbsent("ApplicationName", "bindery-health");
        }

        @Override
        public MemberRole ask(Connection c, int timeoutSeconds) throws SQLException {
            try (Statement s = c.createStatement()) {
                s.setQueryTimeout(Math.max(1, timeoutSeconds));
                try (ResultSet rs = s.executeQuery(ASK)) {
                    rs.next();
                    boolean inRecovery = rs.getBoolean(1);
                    long timeline = rs.getLong(2);
                    return new MemberRole(!inRecovery, rs.wasNull() ? 0 : timeline);
                }
            }
        }

        @Override
        public long switchpoint(Connection c, long ended, long current, int timeoutSeconds) {
            try (Statement s = c.createStatement()) {
                s.setQueryTimeout(Math.max(1, timeoutSeconds));
                try (ResultSet rs = s.executeQuery("select pg_read_file('pg_wal/" + String.format("%08X", current) + ".history')")) {
                    return rs.next() ? TimelineHistory.endOf(rs.getString(1), ended) : -1;
                }
            } catch (SQLException e) {
                return -1;   // not a superuser nor in pg_read_server_files: the caller keeps its lower bound
            }
        }
    }

    /**
     * MariaDB: writable when {@code @@read_only} is off and no replication thread runs; replicating members follow.
     * MariaDB has no timelines, so two writable members can never be told apart (split-brain).
     */
    final class MariaDb implements RoleProbe {
        @Override
        public void quickConnect(java.util.Properties p, int seconds) {
            p.putIfAbsent("connectTimeout", String.valueOf(seconds * 1000));
            p.putIfAbsent("socketTimeout", String.valueOf((seconds + 1) * 1000));
        }

        @Override
        public MemberRole ask(Connection c, int timeoutSeconds) throws SQLException {
            try (Statement s = c.createStatement()) {
                s.setQueryTimeout(Math.max(1, timeoutSeconds));
                boolean readOnly;
                try (ResultSet rs = s.executeQuery("select @@read_only")) {
                    rs.next();
                    readOnly = rs.getInt(1) != 0;
                }
                boolean replicating = false;
                try (ResultSet rs = s.executeQuery("show slave status")) {
                    while (rs.next()) {
                        replicating |= "Yes".equalsIgnoreCase(rs.getString("Slave_SQL_Running"))
                                || "Yes".equalsIgnoreCase(rs.getString("Slave_IO_Running"))
                                || "Connecting".equalsIgnoreCase(rs.getString("Slave_IO_Running"));
                    }
                }
                return new MemberRole(!readOnly && !replicating, 0);
            }
        }
    }
}
