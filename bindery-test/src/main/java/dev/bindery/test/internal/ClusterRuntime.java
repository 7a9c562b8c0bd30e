package dev.bindery.test.internal;

import dev.bindery.test.Node;
import dev.bindery.test.PostgresCluster;
import dev.bindery.test.PostgresClusterException;
import java.io.IOException;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

/** The processes of one cluster and the operations on them; {@link OwnedCluster} and {@link DatabaseView} face users. */
public final class ClusterRuntime implements ShutdownHook.Stoppable {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final int PORT_ATTEMPTS = 3;

    private final String name;
    private final Path clusterDir;
    private final Path logDir;
    private final Map<String, NodeServer> servers;
    private final Process watchdog;
    private final OwnedCluster owner;
    private final Duration startup;
    private final PromotionState promotions;
    private volatile boolean closed;

    private ClusterRuntime(String name, Path clusterDir, Path logDir, Map<String, NodeServer> servers, Process watchdog,
                           boolean shared, Duration startup) {
        this.name = name;
        this.clusterDir = clusterDir;
        this.logDir = logDir;
        this.servers = servers;
        this.watchdog = watchdog;
        this.startup = startup;
        this.owner = new OwnedCluster(this, shared);
        this.promotions = new PromotionState(this, servers.get("primary").node());
    }

    /** Starts a private cluster, which the caller closes. */
    public static PostgresCluster startPrivate(String name, int replicas, Path logDirectory) {
        return start(name, replicas, logDirectory, false).owner();
    }

    static ClusterRuntime start(String name, int replicas, Path logDirectory, boolean shared) {
        long t0 = System.nanoTime();
        ServerAccount account = ServerAccount.current();
        CacheDirectory cache = CacheDirectory.current();
        Path clustersDir = cache.clustersDirectory();
        cache.locked("clusters", () -> OrphanReaper.reap(clustersDir));
        PgBinaries binaries = PgBinaries.unpack(cache);
        Path template = DataTemplate.ensure(cache, binaries, account);

        Path clusterDir = clustersDir.resolve(OrphanReaper.ownerTag() + "-" + name + "-" + SEQUENCE.incrementAndGet());
        Path logDir = logDirectory != null ? logDirectory : defaultLogDir(name);
        PostgresClusterException lastFailure = null;
        for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
            Map<String, NodeServer> servers = layout(binaries, account, clusterDir, logDir, replicas);
            try {
                create(account, clusterDir, template, servers);
                startAll(servers);
            } catch (PostgresClusterException e) {
                boolean portTaken = servers.values().stream().anyMatch(NodeServer::portWasTaken);
                servers.values().forEach(NodeServer::kill);
                CacheDirectory.deleteRecursively(clusterDir);
                if (!portTaken) {
                    throw e;
                }
                lastFailure = e;
                continue;
            }
            ClusterRuntime runtime = new ClusterRuntime(name, clusterDir, logDir, servers, Watchdog.start(clusterDir),
                    shared, Duration.ofNanos(System.nanoTime() - t0));
            ShutdownHook.register(runtime);
            try {
                runtime.awaitCaughtUp(Duration.ofSeconds(60));
            } catch (RuntimeException e) {
                runtime.close();
                throw e;
            }
            return runtime;
        }
        throw lastFailure;
    }

    private static Map<String, NodeServer> layout(PgBinaries binaries, ServerAccount account, Path clusterDir, Path logDir,
                                                  int replicas) {
        List<Integer> ports = freePorts(replicas + 1);
        Map<String, NodeServer> servers = new LinkedHashMap<>();
        for (int i = 0; i <= replicas; i++) {
            Node node = i == 0 ? new Node("primary", Node.Role.PRIMARY, ports.get(0))
                    : new Node("replica-" + i, Node.Role.REPLICA, ports.get(i));
            servers.put(node.name(), new NodeServer(binaries, account, node, clusterDir.resolve(node.name()),
                    logDir.resolve(node.name() + ".log")));
        }
        return servers;
    }

    private static void create(ServerAccount account, Path clusterDir, Path template, Map<String, NodeServer> servers) {
        try {
            Files.createDirectories(clusterDir);
            account.own(clusterDir);
            int primaryPort = servers.get("primary").node().port();
            for (NodeServer server : servers.values()) {
                Files.createDirectories(server.logFile().getParent());
                Files.deleteIfExists(server.logFile());
                Files.createFile(server.logFile());
                server.createFrom(template, primaryPort);
            }
        } catch (IOException e) {
            throw new PostgresClusterException("Could not prepare the data directories in " + clusterDir + ": " + e.getMessage(), e);
        }
    }

    private static void startAll(Map<String, NodeServer> servers) {
        List<CompletableFuture<Void>> starts = new ArrayList<>();
        for (NodeServer server : servers.values()) {
            starts.add(CompletableFuture.runAsync(server::start, ClusterRuntime::daemon));
        }
        try {
            CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof PostgresClusterException p) {
                throw p;
            }
            throw new PostgresClusterException("Starting the cluster failed: " + e.getCause(), e.getCause());
        }
    }

    private static void daemon(Runnable runnable) {
        Thread t = new Thread(runnable, "bindery-pg");
        t.setDaemon(true);
        t.start();
    }

    private static Path defaultLogDir(String name) {
        return LogDirectories.unique("bindery.pg.logs", "bindery-pg", name);
    }

    private static List<Integer> freePorts(int count) {
        try {
            return FreePorts.take(count);
        } catch (IOException e) {
            throw new PostgresClusterException("Could not find free ports on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- queries and controls

    OwnedCluster owner() {
        return owner;
    }

    String name() {
        return name;
    }

    Path logDir() {
        return logDir;
    }

    /** How long {@link #start} took, from the call to replicas streaming. */
    public Duration startup() {
        return startup;
    }

    List<Node> nodes() {
        return servers.values().stream().map(NodeServer::node).toList();
    }

    NodeServer server(Node node) {
        if (node == null) {
            throw new IllegalArgumentException("node is null; use cluster.primary(), cluster.replica(1) or cluster.node(name).");
        }
        NodeServer server = servers.get(node.name());
        if (server == null || !server.node().equals(node)) {
            throw new IllegalArgumentException("Node " + node + " does not belong to cluster '" + name + "', whose nodes are "
                    + nodes() + ".");
        }
        checkOpen();
        return server;
    }

    PromotionState promotions() {
        return promotions;
    }

    NodeServer replicaServer(Node node) {
        NodeServer server = server(node);
        if (promotions.isWriter(node)) {
            throw new IllegalArgumentException("Node '" + node.name() + "' takes writes (the primary, a promoted replica "
                    + "or a node started writable); pass a replica that follows, such as cluster.replica(1).");
        }
        return server;
    }

    private void checkOpen() {
        if (closed) {
            throw new PostgresClusterException("Cluster '" + name + "' was closed; start a new one with PostgresCluster.builder().start().");
        }
    }

    Connection connect(Node node, String database) throws SQLException {
        server(node);
        return DriverManager.getConnection(node.jdbcUrl(database) + "&connectTimeout=10&ApplicationName=bindery-test");
    }

    String queryString(Node node, String sql) {
        try (Connection c = connect(node, "postgres"); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new PostgresClusterException("Query on node '" + node.name() + "' of cluster '" + name + "' failed: " + sql
                    + ": " + e.getMessage() + (isRunning(node) ? "" : " (the node is not running; call start(node) first)"), e);
        }
    }

    void execute(Node node, String sql) {
        try (Connection c = connect(node, "postgres"); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new PostgresClusterException("Statement on node '" + node.name() + "' of cluster '" + name + "' failed: " + sql
                    + ": " + e.getMessage() + (isRunning(node) ? "" : " (the node is not running; call start(node) first)"), e);
        }
    }

    boolean isRunning(Node node) {
        return server(node).isRunning();
    }

    void stop(Node node) {
        server(node).stop("fast");
    }

    void kill(Node node) {
        server(node).kill();
    }

    void start(Node node) {
        server(node).start();
    }

    void restart(Node node) {
        NodeServer server = server(node);
        server.stop("fast");
        server.start();
    }

    void pauseReplay(Node replica) {
        replicaServer(replica);
        queryString(replica, "select pg_wal_replay_pause()::text");
    }

    void resumeReplay(Node replica) {
        replicaServer(replica);
        queryString(replica, "select pg_wal_replay_resume()::text");
    }

    long lagBytes(Node replica) {
        replicaServer(replica);
        long target = primaryEnd();
        long replayed = Lsn.parse(queryString(replica, "select pg_last_wal_replay_lsn()::text"));
        return Math.max(0, target - replayed);
    }

    private long primaryEnd() {
        return Lsn.endOfLastRecord(Lsn.parse(queryString(promotions.current(), "select pg_current_wal_insert_lsn()::text")));
    }

    void awaitCaughtUp(Node replica, Duration timeout) {
        NodeServer server = replicaServer(replica);
        if (!server.isRunning()) {
            throw new PostgresClusterException("Replica '" + replica.name() + "' of cluster '" + name
                    + "' is not running, so it cannot catch up; call start(node) first.");
        }
        long target = primaryEnd();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Connection c = connect(replica, "postgres"); Statement st = c.createStatement()) {
            while (true) {
                long replayed;
                try (ResultSet rs = st.executeQuery("select pg_last_wal_replay_lsn()::text")) {
                    rs.next();
                    replayed = Lsn.parse(rs.getString(1));
                }
                if (replayed >= target) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new PostgresClusterException(ReplayDiagnosis.notCaughtUp(name, replica, st, target, replayed, timeout)
                            + ProcessRunner.tailOf(server.logFile(), 20));
                }
                Sleep.millis(10);
            }
        } catch (SQLException e) {
            throw new PostgresClusterException("Could not read the replay position of replica '" + replica.name() + "': "
                    + e.getMessage() + ProcessRunner.tailOf(server.logFile(), 20), e);
        }
    }

    void awaitCaughtUp(Duration timeout) {
        for (NodeServer server : servers.values()) {
            if (!promotions.isWriter(server.node()) && server.isRunning()) {
                awaitCaughtUp(server.node(), timeout);
            }
        }
    }

    void heal() {
        checkOpen();
        if (promotions.changed()) {
            throw new PostgresClusterException("Cluster '" + name + "' had a node promoted or started writable, so it cannot "
                    + "be healed back; close it and start a new one (promotion tests use a cluster of their own).");
        }
        for (NodeServer server : servers.values()) {
            server.start();
        }
        for (NodeServer server : servers.values()) {
            if (!server.node().isPrimary()) {
                queryString(server.node(), "select pg_wal_replay_resume()::text");
            }
        }
        awaitCaughtUp(Duration.ofSeconds(60));
    }

    void createDatabase(String database) {
        checkDatabaseName(database);
        execute(promotions.current(), "create database \"" + database + "\"");
        awaitCaughtUp(Duration.ofSeconds(60));
    }

    void dropDatabase(String database) {
        checkDatabaseName(database);
        execute(promotions.current(), "drop database if exists \"" + database + "\" with (force)");
    }

    private static void checkDatabaseName(String database) {
        if (database == null || !database.matches("[A-Za-z0-9_]{1,63}")) {
            throw new IllegalArgumentException("Database name '" + database
                    + "' is not allowed: use 1-63 letters, digits or '_'.");
        }
    }

    /** Stops all nodes immediately, deletes the data directories and ends the watchdog. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (NodeServer server : servers.values()) {
            stops.add(CompletableFuture.runAsync(() -> {
                try {
                    server.stop("immediate");
                } catch (RuntimeException e) {
                    server.kill();
                }
            }, ClusterRuntime::daemon));
        }
        stops.forEach(f -> {
            try {
                f.join();
            } catch (CompletionException ignored) {
                // the directory is deleted below and the reaper handles survivors
            }
        });
        CacheDirectory.deleteRecursively(clusterDir);
        if (watchdog != null) {
            watchdog.destroyForcibly();
        }
        ShutdownHook.unregister(this);
    }

    @Override
    public String toString() {
        return "PostgresCluster[" + name + ", " + nodes() + "]";
    }
}
