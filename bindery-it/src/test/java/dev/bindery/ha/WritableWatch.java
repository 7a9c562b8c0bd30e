package dev.bindery.ha;

import dev.bindery.test.Node;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Polls members every 10 ms and records when each first took writes: the moment a promotion became visible, against
 * which the tests measure how fast Bindery sent writes there.
 */
final class WritableWatch {
    /** PostgreSQL: out of recovery. */
    static final String POSTGRES = "select not pg_is_in_recovery()";
    /** MariaDB: read_only off. */
    static final String MARIADB = "select @@read_only = 0";

    private final Map<String, Long> firstWritable = new ConcurrentHashMap<>();

    private WritableWatch() {
    }

    /** Opens a connection to a member. */
    @FunctionalInterface
    interface Connector {
        Connection connect(Node member) throws SQLException;
    }

    /**
     * Starts one daemon thread per member, asking {@code writableQuery} (true when writable); each stops once its
     * member was seen writable, or after 2 minutes.
     */
    static WritableWatch start(List<Node> members, Connector connector, String writableQuery) {
        WritableWatch watch = new WritableWatch();
        for (Node member : members) {
            Thread t = new Thread(() -> watch.poll(member, connector, writableQuery), "writable-watch-" + member.name());
            t.setDaemon(true);
            t.start();
        }
        return watch;
    }

    private void poll(Node member, Connector connector, String writableQuery) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection c = connector.connect(member); Statement s = c.createStatement()) {
                while (System.nanoTime() < deadline) {
                    try (ResultSet rs = s.executeQuery(writableQuery)) {
                        rs.next();
                        if (rs.getBoolean(1)) {
                            firstWritable.put(member.name(), System.nanoTime());
                            return;
                        }
                    }
                    Thread.sleep(10);
                }
            } catch (SQLException e) {
                sleep();                                   // restarting (a demoted leader): connect again
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** When {@code member} was first seen writable (nanoTime); waits up to 10 s for its watcher to see it. */
    long firstWritable(Node member) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!firstWritable.containsKey(member.name())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(member.name() + " was never seen writable by its watcher");
            }
            Thread.sleep(10);
        }
        return firstWritable.get(member.name());
    }
}
