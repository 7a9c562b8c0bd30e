package dev.bindery.ha;

import dev.bindery.Binds;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Writer and reader threads on one group while a test moves its primary. Each write inserts a row in its own
 * transaction through {@link Binds#withWriteConnection} and asks the server for its port before committing, so an
 * acknowledged write says which node took it; each read counts the rows through {@link Binds#withReadConnection}.
 * Every outcome is recorded with its time, so a test can measure the write gap and explain every failure.
 */
final class FailoverLoad implements AutoCloseable {
    /**
     * How soon after a promotion became visible the first write must land there: a safety net, not the figure. With
     * 200 ms health checks it is 15 intervals, since a machine running other builds stretches each check (the role
     * probe, the pools rebuilt for the new roles); the measured delays are logged and go to docs/replicas.md.
     */
    static final Duration FOLLOWED_WITHIN = Duration.ofSeconds(3);

    /** A committed write: its id, when the commit returned (nanoTime) and the port of the node that took it. */
    record Ack(long id, long at, int port) {
    }

    /** A failed write or read: when it failed (nanoTime), the id it tried (writes), and the exception. */
    record Failure(long at, long id, Exception error) {
        @Override
        public String toString() {
            return (id > 0 ? "write " + id : "read") + ": " + error;
        }
    }

    private final Binds binds;
    private final String group;
    private final String table;
    private final String portQuery;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong ids = new AtomicLong();
    private final ConcurrentLinkedQueue<Long> attempted = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Failure> writeFailures = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Failure> readFailures = new ConcurrentLinkedQueue<>();
    private final LongAdder reads = new LongAdder();
    private final List<Thread> threads = new ArrayList<>();

    private FailoverLoad(Binds binds, String group, String table, String portQuery) {
        this.binds = binds;
        this.group = group;
        this.table = table;
        this.portQuery = portQuery;
    }

    /**
     * Starts {@code writers} writer and {@code readers} reader threads; each pauses 5 ms between its operations, so
     * that the load measures gaps, not the machine.
     *
     * @param table     a table with columns {@code (id bigint primary key, writer int)}
     * @param portQuery the query answering the server's port ({@code select inet_server_port()}, {@code select @@port})
     */
    static FailoverLoad start(Binds binds, String group, String table, String portQuery, int writers, int readers) {
        FailoverLoad load = new FailoverLoad(binds, group, table, portQuery);
        for (int w = 0; w < writers; w++) {
            int writer = w;
            load.spawn("writer-" + w, () -> load.write(writer));
        }
        for (int r = 0; r < readers; r++) {
            load.spawn("reader-" + r, load::read);
        }
        return load;
    }

    private void spawn(String name, Runnable step) {
        Thread t = new Thread(() -> {
            while (running.get()) {
                step.run();
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "failover-load-" + name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    private void write(int writer) {
        long id = ids.incrementAndGet();
        attempted.add(id);
        try {
            int port = binds.withWriteConnection(group, c -> {
                try (PreparedStatement ps = c.prepareStatement("insert into " + table + " (id, writer) values (?, ?)")) {
                    ps.setLong(1, id);
                    ps.setInt(2, writer);
                    ps.executeUpdate();
                }
                return port(c);
            });
            acks.add(new Ack(id, System.nanoTime(), port));
        } catch (SQLException | RuntimeException e) {
            writeFailures.add(new Failure(System.nanoTime(), id, e));
        }
    }

    private void read() {
        try {
            binds.withReadConnection(group, c -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) from " + table)) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            reads.increment();
        } catch (SQLException | RuntimeException e) {
            readFailures.add(new Failure(System.nanoTime(), 0, e));
        }
    }

    private int port(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(portQuery)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Stops the threads and waits for their last operation. */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.join(Duration.ofSeconds(30).toMillis());
        }
    }

    /** The highest id a writer has taken so far; every later write has a higher one. */
    long lastAttemptedId() {
        return ids.get();
    }

    List<Long> attempted() {
        return List.copyOf(attempted);
    }

    List<Ack> acks() {
        return acks.stream().sorted(Comparator.comparingLong(Ack::at)).toList();
    }

    List<Failure> writeFailures() {
        return List.copyOf(writeFailures);
    }

    List<Failure> readFailures() {
        return List.copyOf(readFailures);
    }

    /** Failures counted by exception class, with the first message of each: short enough for a log line. */
    static Map<String, String> summary(List<Failure> failures) {
        Map<String, Long> counts = new TreeMap<>();
        Map<String, String> first = new TreeMap<>();
        for (Failure f : failures) {
            String kind = f.error().getClass().getSimpleName();
            counts.merge(kind, 1L, Long::sum);
            first.putIfAbsent(kind, String.valueOf(f.error().getMessage()).lines().findFirst().orElse(""));
        }
        Map<String, String> out = new TreeMap<>();
        counts.forEach((k, n) -> out.put(k, n + "x, first: " + first.get(k)));
        return out;
    }

    long reads() {
        return reads.sum();
    }

    /** When the first write acknowledged by the node on {@code port} at or after {@code from} returned. */
    OptionalLong firstAckOn(int port, long from) {
        return acks.stream().filter(a -> a.port() == port && a.at() >= from).mapToLong(Ack::at).min();
    }

    /** When the last write acknowledged by the node on {@code port} returned (nanoTime), or 0 when there is none. */
    long lastAckOn(int port) {
        return acks.stream().filter(a -> a.port() == port).mapToLong(Ack::at).max().orElse(0);
    }

    /** Waits until at least {@code count} more writes were acknowledged, or the timeout passed. */
    void awaitMoreAcks(int count, Duration timeout) throws InterruptedException {
        long target = acks.size() + count;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (acks.size() < target && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }
}
