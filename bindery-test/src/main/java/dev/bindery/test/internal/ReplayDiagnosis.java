package dev.bindery.test.internal;

import dev.bindery.test.Node;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/** Why a replica did not catch up in time, read from the replica itself, for the timeout's message. */
final class ReplayDiagnosis {
    private ReplayDiagnosis() {
    }

    static String notCaughtUp(String name, Node replica, Statement st, long target, long replayed, Duration timeout) throws SQLException {
        String pause;
        String receiver;
        try (ResultSet rs = st.executeQuery("select pg_get_wal_replay_pause_state()")) {
            rs.next();
            pause = rs.getString(1);
        }
        try (ResultSet rs = st.executeQuery("select coalesce((select status from pg_stat_wal_receiver), 'no WAL receiver')")) {
            rs.next();
            receiver = rs.getString(1);
        }
        String hint = !"not paused".equals(pause) ? "replay is paused; call resumeReplay(node)"
                : !"streaming".equals(receiver) ? "it is not streaming from the primary (is the primary running?)"
                : "it is streaming but slow";
        return "Replica '" + replica.name() + "' of cluster '" + name + "' did not catch up within " + timeout + ": "
                + (target - replayed) + " bytes behind (replay state: " + pause + ", WAL receiver: " + receiver + "); "
                + hint + ".";
    }
}
