package dev.bindery.test.internal;

import dev.bindery.test.Node;
import dev.bindery.test.PatroniCluster;
import dev.bindery.test.PatroniClusterException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The processes of one test Patroni cluster (etcd, one Patroni per member) and the operations on them;
 * {@link PatroniView} faces users. Roles are never cached: every control asks Patroni's REST API.
 *
 * <p>Why this class is over 400 lines: it is the one owner of a set of processes (etcd and the Patroni members:
 * start with port retries, the fault controls, the waits for a leader and for healthy replicas, close), and each of
 * those steps reads the same member table and Patroni's view of it; split up, every part would need all of it.
 */
public final class PatroniRuntime implements ShutdownHook.Stoppable {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final int PORT_ATTEMPTS = 3;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static PatroniView shared;

    private final String name;
    private final PatroniBinaries binaries;
    private final Path clusterDir;
    private final Path logDir;
    private final EtcdServer etcd;
    private final Map<String, PatroniMember> members;
    private volatile Process watchdog;
    private volatile Duration startup = Duration.ZERO;
    private volatile boolean closed;

    private PatroniRuntime(String name, PatroniBinaries binaries, Path clusterDir, Path logDir, EtcdServer etcd,
                           Map<String, PatroniMember> members) {
        this.name = name;
        this.binaries = binaries;
        this.clusterDir = clusterDir;
        this.logDir = logDir;
        this.etcd = etcd;
        this.members = members;
    }

    /** Starts a private cluster; see {@link PatroniCluster.Builder#start()}. */
    public static PatroniCluster start(String name, int memberCount, Duration ttl, Path logDirectory) {
        return new PatroniView(startRuntime(name, memberCount, ttl, logDirectory), "postgres", true);
    }

    /** The cluster shared by every {@code @PatroniReplication} class of this JVM, started on first use. */
    static synchronized PatroniView shared() {
        if (shared == null || shared.runtime().closed) {
            shared = new PatroniView(startRuntime("shared", 3, Duration.ofSeconds(10), null), "postgres", false);
        }
        return shared;
    }

    private static PatroniRuntime startRuntime(String name, int memberCount, Duration ttl, Path logDirectory) {
        long t0 = System.nanoTime();
        PatroniBinaries binaries = PatroniBinaries.require();
        CacheDirectory cache = CacheDirectory.current();
        Path clustersDir = cache.clustersDirectory();
        cache.locked("clusters", () -> OrphanReaper.reap(clustersDir));
        Path logDir = logDirectory != null ? logDirectory.toAbsolutePath()
                : LogDirectories.unique("bindery.patroni.logs", "bindery-patroni", name);
        PatroniClusterException lastFailure = null;
        for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
            Path clusterDir = clustersDir.resolve(OrphanReaper.ownerTag() + "-patroni-" + name + "-" + SEQUENCE.incrementAndGet());
            PatroniRuntime runtime = layout(name, binaries, clusterDir, logDir, memberCount);
            ShutdownHook.register(runtime);
            try {
                runtime.prepare(ttl);
                runtime.watchdog = Watchdog.start(clusterDir);
                runtime.etcd.start(binaries, clusterDir.getFileName().toString(), Duration.ofSeconds(30));
                runtime.members.values().forEach(m -> m.start(binaries));
                runtime.awaitHealthy(START_TIMEOUT);
            } catch (PatroniClusterException e) {
                boolean portTaken = runtime.etcd.portWasTaken() || runtime.members.values().stream()
                        .anyMatch(m -> ProcessRunner.tailOf(m.logFile(), 60).toLowerCase(java.util.Locale.ROOT)
                                .contains("address already in use"));
                runtime.close();
                if (!portTaken) {
                    throw e;
                }
                lastFailure = e;
                continue;
            } catch (RuntimeException e) {
                runtime.close();
                throw e;
            }
            runtime.startup = Duration.ofNanos(System.nanoTime() - t0);
            return runtime;
        }
        throw lastFailure;
    }

    private static PatroniRuntime layout(String name, PatroniBinaries binaries, Path clusterDir, Path logDir, int count) {
        List<Integer> ports;
        try {
            ports = FreePorts.take(2 + 2 * count);
        } catch (IOException e) {
            throw new PatroniClusterException("Could not find free ports on 127.0.0.1: " + e.getMessage(), e);
        }
        EtcdServer etcd = new EtcdServer(ports.get(0), ports.get(1), clusterDir, logDir.resolve("etcd.log"));
        Map<String, PatroniMember> members = new LinkedHashMap<>();
        for (int i = 1; i <= count; i++) {
            String member = "pg-" + i;
            members.put(member, new PatroniMember(member, ports.get(2 * i), ports.get(2 * i + 1), clusterDir,
                    logDir.resolve(member + ".log")));
        }
        return new PatroniRuntime(name, binaries, clusterDir, logDir, etcd, members);
    }

    private void prepare(Duration ttl) {
        try {
            Files.createDirectories(clusterDir);
            Files.createDirectories(logDir);
            Files.deleteIfExists(etcd.logFile());
            Files.createFile(etcd.logFile());
            for (PatroniMember m : members.values()) {
                Files.deleteIfExists(m.logFile());
                Files.createFile(m.logFile());
                m.writeConfig(name, etcd.clientPort(), ttl, binaries);
            }
            ServerAccount.current().own(clusterDir);
        } catch (IOException e) {
            throw new PatroniClusterException("Could not prepare " + clusterDir + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- roles

    String name() {
        return name;
    }

    Path logDir() {
        return logDir;
    }

    Duration startup() {
        return startup;
    }

    List<Node> members() {
        List<PatroniRest.Member> reported = reported();
        return members.values().stream().map(m -> node(m, reported)).toList();
    }

    Node member(String memberName) {
        PatroniMember m = members.get(memberName);
        if (m == null) {
            throw new IllegalArgumentException("Patroni cluster '" + name + "' has no member '" + memberName
                    + "'; its members are " + members.keySet() + ".");
        }
        return node(m, reported());
    }

    Optional<Node> currentLeader() {
        List<PatroniRest.Member> reported = reported();
        return reported.stream().filter(PatroniRest.Member::isLeader).findFirst()
                .map(r -> members.get(r.name())).map(m -> node(m, reported));
    }

    Node leader() {
        return currentLeader().orElseThrow(() -> new PatroniClusterException("No member of Patroni cluster '" + name
                + "' holds the leader lock now (" + describe() + "); wait with awaitLeader(timeout)."));
    }

    /**
     * The member's timeline from PostgreSQL itself: the current WAL file's on a writable member, the WAL receiver's on
     * a replica (Patroni's REST answer lags a promotion by a loop), else what Patroni reports; 0 when it is down.
     */
    int timeline(Node node) {
        String memberName = server(node).name();
        try (Connection c = connect(node, "postgres"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select case when pg_is_in_recovery()"
                     + " then (select received_tli from pg_stat_wal_receiver)"
                     + " else ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int end")) {
            rs.next();
            int timeline = rs.getInt(1);
            if (!rs.wasNull() && timeline > 0) {
                return timeline;
            }
        } catch (SQLException e) {
            return 0;
        }
        return reported().stream().filter(r -> r.name().equals(memberName) && r.isUp())
                .mapToInt(PatroniRest.Member::timeline).findFirst().orElse(0);
    }

    private List<PatroniRest.Member> reported() {
        checkOpen();
        return PatroniRest.cluster(members.values().stream().filter(PatroniMember::isRunning)
                .map(PatroniMember::restPort).toList());
    }

    private static Node node(PatroniMember m, List<PatroniRest.Member> reported) {
        boolean leads = reported.stream().anyMatch(r -> r.name().equals(m.name()) && r.isLeader());
        return new Node(m.name(), leads ? Node.Role.PRIMARY : Node.Role.REPLICA, m.pgPort());
    }

    PatroniMember server(Node node) {
        if (node == null) {
            throw new IllegalArgumentException("node is null; use cluster.leader(), cluster.replicas() or cluster.member(name).");
        }
        PatroniMember m = members.get(node.name());
        if (m == null || m.pgPort() != node.port()) {
            throw new IllegalArgumentException("Node " + node + " does not belong to Patroni cluster '" + name
                    + "', whose members are " + members.values() + ".");
        }
        checkOpen();
        return m;
    }

    private void checkOpen() {
        if (closed) {
            throw new PatroniClusterException("Patroni cluster '" + name + "' was closed; start a new one with "
                    + "PatroniCluster.builder().start().");
        }
    }

    private String describe() {
        List<PatroniRest.Member> reported = PatroniRest.cluster(members.values().stream()
                .filter(PatroniMember::isRunning).map(PatroniMember::restPort).toList());
        List<String> parts = new ArrayList<>();
        for (PatroniMember m : members.values()) {
            String seen = reported.stream().filter(r -> r.name().equals(m.name()))
                    .map(r -> r.role() + "/" + r.state() + "/tl " + r.timeline()).findFirst().orElse("not reported");
            parts.add(m.name() + ": " + (m.isRunning() ? "patroni up, " : "patroni down, ") + seen);
        }
        return String.join("; ", parts);
    }

    // ---------------------------------------------------------------- controls

    Connection connect(Node node, String database) throws SQLException {
        server(node);
        return DriverManager.getConnection(node.jdbcUrl(database) + "&connectTimeout=5&ApplicationName=bindery-test");
    }

    Node switchover(Node candidate) {
        PatroniMember target = server(candidate);
        Node from = leader();
        if (from.name().equals(target.name())) {
            throw new IllegalArgumentException("Member '" + target.name() + "' already leads Patroni cluster '" + name
                    + "'; pass a replica (cluster.replicas()).");
        }
        String out = patronictl("switchover", "--leader", from.name(), "--candidate", target.name(), "--force");
        if (!out.contains("Successfully switched over")) {
            throw new PatroniClusterException("patronictl switchover from '" + from.name() + "' to '" + target.name()
                    + "' did not succeed: " + out.strip());
        }
        return awaitWritableLeader(n -> n.name().equals(target.name()), Duration.ofSeconds(60),
                "member '" + target.name() + "' to lead after the switchover");
    }

    Node switchover() {
        List<PatroniRest.Member> reported = reported();
        PatroniMember to = members.values().stream()
                .filter(m -> reported.stream().anyMatch(r -> r.name().equals(m.name()) && !r.isLeader() && r.isUp()))
                .findFirst()
                .orElseThrow(() -> new PatroniClusterException("No running replica to switch over to in Patroni cluster '"
                        + name + "' (" + describe() + "); call heal() first."));
        return switchover(node(to, reported));
    }

    void kill(Node node) {
        server(node).kill();
    }

    Node killLeader() {
        Node leader = leader();
        kill(leader);
        return leader;
    }

    void start(Node node) {
        server(node).start(binaries);
    }

    boolean isRunning(Node node) {
        return server(node).isRunning();
    }

    Node awaitLeader(Duration timeout) {
        return awaitWritableLeader(n -> true, timeout, "a leader");
    }

    Node awaitNewLeader(Node previous, Duration timeout) {
        String old = server(previous).name();
        return awaitWritableLeader(n -> !n.name().equals(old), timeout, "a leader other than '" + old + "'");
    }

    private Node awaitWritableLeader(Predicate<Node> wanted, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<Node> leader = currentLeader().filter(wanted);
            if (leader.isPresent() && acceptsWrites(leader.get())) {
                return leader.get();
            }
            if (System.nanoTime() > deadline) {
                throw new PatroniClusterException("Patroni cluster '" + name + "' did not get " + what + " accepting writes within "
                        + timeout + " (" + describe() + "). Logs: " + logDir + tails());
            }
            Sleep.millis(50);
        }
    }

    private boolean acceptsWrites(Node node) {
        try (Connection c = connect(node, "postgres"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select pg_is_in_recovery()")) {
            rs.next();
            return !rs.getBoolean(1);
        } catch (SQLException e) {
            return false;
        }
    }

    void awaitHealthy(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Node leader = awaitLeader(timeout);
        Long target = null;
        while (true) {
            List<PatroniRest.Member> reported = reported();
            Optional<PatroniRest.Member> lead = reported.stream().filter(PatroniRest.Member::isLeader).findFirst();
            if (lead.isEmpty() || !lead.get().name().equals(leader.name())) {
                leader = awaitLeader(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                target = null;
                continue;
            }
            if (target == null) {
                target = endOfWal(leader);
            }
            if (target != null && replicasCaughtUp(reported, lead.get().timeline(), target)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new PatroniClusterException("Patroni cluster '" + name + "' did not become healthy within " + timeout
                        + " (" + describe() + "). Logs: " + logDir + tails());
            }
            Sleep.millis(50);
        }
    }

    private Long endOfWal(Node leader) {
        try (Connection c = connect(leader, "postgres"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select pg_current_wal_insert_lsn()::text")) {
            rs.next();
            return Lsn.endOfLastRecord(Lsn.parse(rs.getString(1)));
        } catch (SQLException e) {
            return null;
        }
    }

    private boolean replicasCaughtUp(List<PatroniRest.Member> reported, int timeline, long target) {
        for (PatroniMember m : members.values()) {
            if (!m.isRunning() || reported.stream().anyMatch(r -> r.name().equals(m.name()) && r.isLeader())) {
                continue;
            }
            Optional<PatroniRest.Member> r = reported.stream().filter(x -> x.name().equals(m.name())).findFirst();
            if (r.isEmpty() || !r.get().isUp() || r.get().timeline() != timeline) {
                return false;
            }
            try (Connection c = connect(node(m, reported), "postgres"); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("select pg_last_wal_replay_lsn()::text")) {
                rs.next();
                String replayed = rs.getString(1);
                if (replayed == null || Lsn.parse(replayed) < target) {
                    return false;
                }
            } catch (SQLException e) {
                return false;
            }
        }
        return true;
    }

    void heal() {
        checkOpen();
        members.values().forEach(m -> m.start(binaries));
        awaitHealthy(START_TIMEOUT);
    }

    String patronictl(String... arguments) {
        checkOpen();
        List<String> command = new ArrayList<>(List.of(binaries.patronictl().toString(), "-c",
                members.values().iterator().next().config().toString()));
        command.addAll(List.of(arguments));
        try {
            Path out = Files.createTempFile("bindery-patronictl", ".out");
            try {
                int code = ProcessRunner.run(command, out, Duration.ofSeconds(90));
                String output = Files.readString(out, StandardCharsets.UTF_8);
                if (code != 0) {
                    throw new PatroniClusterException("patronictl " + String.join(" ", arguments) + " exited with code "
                            + code + ":\n" + output.strip());
                }
                return output;
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new PatroniClusterException("Could not run patronictl: " + e.getMessage(), e);
        }
    }

    void execute(String sql) {
        Node leader = leader();
        try (Connection c = connect(leader, "postgres"); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new PatroniClusterException("Statement on leader '" + leader.name() + "' of Patroni cluster '" + name
                    + "' failed: " + sql + ": " + e.getMessage(), e);
        }
    }

    private String tails() {
        StringBuilder sb = new StringBuilder();
        for (PatroniMember m : members.values()) {
            sb.append(ProcessRunner.tailOf(m.logFile(), 8));
        }
        return sb.toString();
    }

    /** Kills every Patroni first (so none restarts its PostgreSQL), then the postmasters and etcd; deletes the data. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (PatroniMember m : members.values()) {
            try {
                m.kill();
            } catch (RuntimeException e) {
                // the watchdog or the next start's reaper removes survivors
            }
        }
        etcd.kill();
        CacheDirectory.deleteRecursively(clusterDir);
        Process w = watchdog;
        if (w != null) {
            w.destroyForcibly();
        }
        ShutdownHook.unregister(this);
    }

    @Override
    public String toString() {
        return "PatroniCluster[" + name + ", " + members.values() + "]";
    }
}
