package dev.bindery.failover;

import dev.bindery.Binds;
import dev.bindery.config.Failover;
import dev.bindery.test.Node;
import dev.bindery.test.ReplicatedDatabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/** Binds with {@code failover=follow} and short health checks over a test cluster, and the SQL the failover tests share. */
final class FailoverFixture {
    private FailoverFixture() {
    }

    static Binds binds(ReplicatedDatabase cluster, long intervalMillis) {
        return cluster.binds((node, b) -> {
            b.poolSize(6).connectionTimeout(Duration.ofSeconds(1));
            if (node.isPrimary()) {
                b.failover(Failover.FOLLOW).healthCheckInterval(Duration.ofMillis(intervalMillis))
                        .healthCheckTimeout(Duration.ofMillis(500)).readmitAfterSuccesses(1)
                        .causalWait(Duration.ofMillis(100));
            }
        });
    }

    static void createTable(ReplicatedDatabase cluster) throws SQLException {
        try (Connection c = cluster.connect(cluster.primary()); Statement s = c.createStatement()) {
            s.execute("create table w (id bigint primary key, writer int not null, port int not null)");
        }
        cluster.awaitCaughtUp(Duration.ofSeconds(30));
    }

    /** Inserts row {@code id} in the work's transaction and returns the port of the server it went to. */
    static int insert(Connection c, long id, int writer) throws SQLException {
        int port = port(c);
        try (PreparedStatement p = c.prepareStatement("insert into w (id, writer, port) values (?, ?, ?)")) {
            p.setLong(1, id);
            p.setInt(2, writer);
            p.setInt(3, port);
            p.executeUpdate();
        }
        return port;
    }

    static int port(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select inet_server_port()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /**
     * A reader thread's loop: reads {@code group} through {@code withReadConnection} until {@code running} turns false,
     * counting reads and failures and collecting the ports that served them.
     */
    static java.util.concurrent.Callable<Void> reader(Binds binds, java.util.concurrent.atomic.AtomicBoolean running,
                                                      java.util.concurrent.atomic.AtomicLong reads,
                                                      java.util.concurrent.atomic.AtomicLong failedReads, Set<Integer> ports) {
        return () -> {
            while (running.get()) {
                try {
                    ports.add(binds.withReadConnection(Binds.DEFAULT, FailoverFixture::port));
                    reads.incrementAndGet();
                } catch (Exception e) {
                    failedReads.incrementAndGet();
                    org.slf4j.LoggerFactory.getLogger(FailoverFixture.class).warn("read failed", e);
                }
            }
            return null;
        };
    }

    /** Where timeline {@code ended} ended, from the timeline history file of {@code node}, which writes the next one. */
    static long switchpoint(ReplicatedDatabase cluster, Node node, long ended) throws SQLException {
        try (Connection c = cluster.connect(node); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select pg_read_file('pg_wal/" + String.format("%08X", ended + 1) + ".history')")) {
            rs.next();
            for (String line : rs.getString(1).split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 2 && f[0].equals(Long.toString(ended))) {
                    String[] lsn = f[1].split("/");
                    return (Long.parseLong(lsn[0], 16) << 32) + Long.parseLong(lsn[1], 16);
                }
            }
        }
        throw new IllegalStateException("no switchpoint of timeline " + ended + " on " + node);
    }

    /** The ids of the rows on {@code node}, read straight from it. */
    static Set<Long> ids(ReplicatedDatabase cluster, Node node) throws SQLException {
        Set<Long> out = new HashSet<>();
        try (Connection c = cluster.connect(node); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select id from w")) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }
}
