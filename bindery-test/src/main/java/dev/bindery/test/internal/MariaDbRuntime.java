package dev.bindery.test.internal;

import dev.bindery.test.MariaDbCluster;
import dev.bindery.test.MariaDbClusterException;
import dev.bindery.test.Node;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The processes of one MariaDB cluster and the operations on them, behind {@link MariaDbCluster}.
 *
 * <p>Why this class is over 400 lines: it is the one owner of a set of mariadbd processes (start, GTID replication
 * set-up, the fault controls, stop and the watchdog), and those steps share the process table and its lock.
 */
public final class MariaDbRuntime implements MariaDbCluster, ShutdownHook.Stoppable {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final int PORT_ATTEMPTS = 3;
    private static final String DATABASE = "bindery";
    private static final String APP_USER = "bindery";
    /**
     * Run once by mariadb-install-db (bootstrap runs without grant tables until FLUSH PRIVILEGES). The application
     * user lacks READ_ONLY ADMIN and SUPER, so a replica's read_only=1 refuses its writes; root keeps them.
     */
    private static final String INIT_SQL = String.join("\n",
            "FLUSH PRIVILEGES;",
            "CREATE DATABASE " + DATABASE + ";",
            "CREATE USER '" + APP_USER + "'@'127.0.0.1';",
            "GRANT ALL PRIVILEGES ON *.* TO '" + APP_USER + "'@'127.0.0.1';",
            "REVOKE READ_ONLY ADMIN, SUPER ON *.* FROM '" + APP_USER + "'@'127.0.0.1';",
            "");

    private final String name;
    private final Path clusterDir;
    private final Path logDir;
    private final Map<String, MariaDbServer> servers;
    private final Process watchdog;
    private volatile Duration startup = Duration.ZERO;
    private volatile boolean closed;
    /** Old primaries left behind by {@link #promote}: writable when started, replicating nothing until {@link #rejoin}. */
    private final Set<String> detached = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean promoted;

    private MariaDbRuntime(String name, Path clusterDir, Path logDir, Map<String, MariaDbServer> servers, Process watchdog) {
        this.name = name;
        this.clusterDir = clusterDir;
        this.logDir = logDir;
        this.servers = servers;
        this.watchdog = watchdog;
    }

    /** Starts a private cluster with {@code replicas} replicas; see {@link MariaDbCluster.Builder#start()}. */
    public static MariaDbCluster start(String name, int replicas, Path logDirectory) {
        long t0 = System.nanoTime();
        MariaDbBinaries binaries = MariaDbBinaries.require();
        requireDriver();
        Path clustersDir = clustersDirectory();
        CacheDirectory.current().locked("mariadb-clusters", () -> OrphanReaper.reap(clustersDir));
        Path logDir = logDirectory != null ? logDirectory.toAbsolutePath() : defaultLogDir(name);
        MariaDbClusterException lastFailure = null;
        for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
            Path clusterDir = clustersDir.resolve(OrphanReaper.ownerTag() + "-" + name + "-" + SEQUENCE.incrementAndGet());
            Map<String, MariaDbServer> servers = layout(binaries, clusterDir, logDir, replicas);
            try {
                initialise(binaries, clusterDir, logDir, servers);
            } catch (RuntimeException e) {
                CacheDirectory.deleteRecursively(clusterDir);
                throw e;
            }
            MariaDbRuntime runtime = new MariaDbRuntime(name, clusterDir, logDir, servers, Watchdog.start(clusterDir));
            ShutdownHook.register(runtime);
            try {
                runtime.startAll();
                runtime.replicate();
            } catch (MariaDbClusterException e) {
                boolean portTaken = servers.values().stream().anyMatch(MariaDbServer::portWasTaken);
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

    private static void requireDriver() {
        try {
            Class.forName("org.mariadb.jdbc.Driver");
        } catch (ClassNotFoundException e) {
            throw new MariaDbClusterException("The MariaDB test cluster needs the MariaDB JDBC driver: add the test "
                    + "dependency org.mariadb.jdbc:mariadb-java-client.", e);
        }
    }

    /**
     * Where data directories go: {@code /dev/shm/bindery-mariadb-<user>/clusters} when that memory file system is
     * writable, else under {@code java.io.tmpdir}; {@code -Dbindery.mariadb.data=<dir>} overrides both.
     */
    static Path clustersDirectory() {
        String configured = System.getProperty("bindery.mariadb.data");
        Path shm = Path.of("/dev/shm");
        String user = "bindery-mariadb-" + System.getProperty("user.name");
        Path dir = configured != null && !configured.isBlank() ? Path.of(configured).toAbsolutePath()
                : Files.isDirectory(shm) && Files.isWritable(shm) ? shm.resolve(user).resolve("clusters")
                : Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().resolve(user).resolve("clusters");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new MariaDbClusterException("Could not create " + dir + ": " + e.getMessage()
                    + ". Set -Dbindery.mariadb.data=<writable dir>.", e);
        }
        return dir;
    }

    private static Map<String, MariaDbServer> layout(MariaDbBinaries binaries, Path clusterDir, Path logDir, int replicas) {
        List<Integer> ports = freePorts(replicas + 1);
        Map<String, MariaDbServer> servers = new LinkedHashMap<>();
        for (int i = 0; i <= replicas; i++) {
            Node node = i == 0 ? new Node("primary", Node.Role.PRIMARY, ports.get(0))
                    : new Node("replica-" + i, Node.Role.REPLICA, ports.get(i));
            servers.put(node.name(), new MariaDbServer(binaries, node, i + 1, clusterDir.resolve(node.name()),
                    logDir.resolve(node.name() + ".log")));
        }
        return servers;
    }

    /** Initialises the primary's data directory once and copies it, before any start, for each replica. */
    private static void initialise(MariaDbBinaries binaries, Path clusterDir, Path logDir, Map<String, MariaDbServer> servers) {
        try {
            Files.createDirectories(clusterDir);
            Files.createDirectories(logDir);
            Path initSql = clusterDir.resolve("init.sql");
            Files.writeString(initSql, INIT_SQL, StandardCharsets.UTF_8);
            Path primaryDir = clusterDir.resolve("primary");
            List<String> install = new ArrayList<>(List.of(binaries.installDb().toString(), "--no-defaults",
                    "--datadir=" + primaryDir, "--auth-root-authentication-method=normal", "--skip-test-db",
                    "--innodb-log-file-size=8M", "--extra-file=" + initSql));
            if (ServerAccount.current().switchesUser()) {
                install.add("--user=root");
            }
            Path installLog = logDir.resolve("install-db.log");
            Files.deleteIfExists(installLog);
            int code = ProcessRunner.run(install, installLog, Duration.ofMinutes(2));
            if (code != 0) {
                throw new MariaDbClusterException("mariadb-install-db failed (exit code " + code + ") in " + primaryDir
                        + ". Full log: " + installLog + ProcessRunner.tailOf(installLog, 30));
            }
            for (MariaDbServer server : servers.values()) {
                Files.deleteIfExists(server.logFile());
                Files.createFile(server.logFile());
                if (!server.node().isPrimary()) {
                    ProcessRunner.runOrFail(List.of("cp", "-a", primaryDir.toString(),
                                    clusterDir.resolve(server.node().name()).toString()), Duration.ofMinutes(1),
                            "Could not copy the MariaDB data directory for " + server.node().name());
                }
            }
        } catch (IOException e) {
            throw new MariaDbClusterException("Could not prepare the data directories in " + clusterDir + ": "
                    + e.getMessage(), e);
        } catch (dev.bindery.test.PostgresClusterException e) {
            throw new MariaDbClusterException(e.getMessage(), e);
        }
    }

    private void startAll() {
        List<CompletableFuture<Void>> starts = new ArrayList<>();
        for (MariaDbServer server : servers.values()) {
            starts.add(CompletableFuture.runAsync(server::start, MariaDbRuntime::daemon));
        }
        try {
            CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof MariaDbClusterException m) {
                throw m;
            }
            throw new MariaDbClusterException("Starting the MariaDB cluster failed: " + e.getCause(), e.getCause());
        }
    }

    /** Points every replica at the primary (GTID, slave_pos) and waits until both replication threads run. */
    private void replicate() {
        int primaryPort = primary().port();
        for (Node replica : replicas()) {
            execute(replica, "CHANGE MASTER TO master_host='127.0.0.1', master_port=" + primaryPort
                    + ", master_user='root', master_use_gtid=slave_pos, master_connect_retry=1");
            execute(replica, "START SLAVE");
        }
        for (Node replica : replicas()) {
            awaitThreadsRunning(replica, Duration.ofSeconds(60));
        }
    }

    private void awaitThreadsRunning(Node replica, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<String, String> status = slaveStatus(replica);
            if ("Yes".equals(status.get("Slave_IO_Running")) && "Yes".equals(status.get("Slave_SQL_Running"))) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new MariaDbClusterException("Replica '" + replica.name() + "' of MariaDB cluster '" + name
                        + "' did not start replicating within " + timeout + ": " + describe(status)
                        + ProcessRunner.tailOf(server(replica).logFile(), 20));
            }
            pause(10);
        }
    }

    private static void daemon(Runnable runnable) {
        Thread t = new Thread(runnable, "bindery-mariadb");
        t.setDaemon(true);
        t.start();
    }

    private static Path defaultLogDir(String name) {
        return LogDirectories.unique("bindery.mariadb.logs", "bindery-mariadb", name);
    }

    private static List<Integer> freePorts(int count) {
        try {
            return FreePorts.take(count);
        } catch (IOException e) {
            throw new MariaDbClusterException("Could not find free ports on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MariaDbClusterException("Interrupted while waiting for MariaDB", e);
        }
    }

    // ---------------------------------------------------------------- queries and controls

    private MariaDbServer server(Node node) {
        if (node == null) {
            throw new IllegalArgumentException("node is null; use cluster.primary() or cluster.replica(1).");
        }
        MariaDbServer server = servers.get(node.name());
        if (server == null || !server.is(node)) {
            throw new IllegalArgumentException("Node " + node + " does not belong to MariaDB cluster '" + name
                    + "', whose nodes are " + nodes() + ".");
        }
        if (closed) {
            throw new MariaDbClusterException("MariaDB cluster '" + name + "' was closed; start a new one with "
                    + "MariaDbCluster.builder().start().");
        }
        return server;
    }

    private MariaDbServer replicaServer(Node node) {
        MariaDbServer server = server(node);
        if (server.node().isPrimary()) {
            throw new IllegalArgumentException("Node '" + node.name() + "' is the primary; pass a replica such as "
                    + "cluster.replica(1).");
        }
        return server;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String database() {
        return DATABASE;
    }

    @Override
    public Node primary() {
        return servers.values().stream().map(MariaDbServer::node).filter(Node::isPrimary).findFirst().orElseThrow();
    }

    @Override
    public List<Node> replicas() {
        return nodes().stream().filter(n -> !n.isPrimary()).toList();
    }

    @Override
    public Node replica(int n) {
        MariaDbServer server = servers.get("replica-" + n);
        if (server == null) {
            throw new IllegalArgumentException("MariaDB cluster '" + name + "' has no replica " + n + "; its replicas are "
                    + replicas() + ".");
        }
        return server.node();
    }

    @Override
    public List<Node> nodes() {
        return servers.values().stream().map(MariaDbServer::node).toList();
    }

    @Override
    public String jdbcUrl(Node node) {
        server(node);
        return "jdbc:mariadb://127.0.0.1:" + node.port() + "/" + DATABASE + "?user=" + APP_USER;
    }

    @Override
    public Connection connect(Node node) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(node) + "&connectTimeout=10000");
    }

    @Override
    public Connection connectAsRoot(Node node) throws SQLException {
        return DriverManager.getConnection(server(node).rootUrl());
    }

    private String queryString(Node node, String sql) {
        try (Connection c = connectAsRoot(node); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw failed(node, sql, e);
        }
    }

    private void execute(Node node, String sql) {
        try (Connection c = connectAsRoot(node); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw failed(node, sql, e);
        }
    }

    private MariaDbClusterException failed(Node node, String sql, SQLException e) {
        return new MariaDbClusterException("Statement on node '" + node.name() + "' of MariaDB cluster '" + name
                + "' failed: " + sql + ": " + e.getMessage()
                + (isRunning(node) ? "" : " (the node is not running; call start(node) first)"), e);
    }

    private Map<String, String> slaveStatus(Node replica) {
        Map<String, String> out = new LinkedHashMap<>();
        try (Connection c = connectAsRoot(replica); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW SLAVE STATUS")) {
            if (rs.next()) {
                for (String column : List.of("Slave_IO_Running", "Slave_SQL_Running", "Seconds_Behind_Master",
                        "Gtid_IO_Pos", "Last_IO_Error", "Last_SQL_Error")) {
                    out.put(column, rs.getString(column));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failed(replica, "SHOW SLAVE STATUS", e);
        }
    }

    private static String describe(Map<String, String> status) {
        if (status.isEmpty()) {
            return "it is not configured as a replica";
        }
        String hint = "No".equals(status.get("Slave_SQL_Running")) ? "; the SQL thread is stopped: call resumeReplication(node)"
                : !"Yes".equals(status.get("Slave_IO_Running")) ? "; the I/O thread is not connected (is the primary running?)"
                : "";
        return status + hint;
    }

    @Override
    public void stop(Node node) {
        server(node).stop();
    }

    @Override
    public void kill(Node node) {
        server(node).kill();
    }

    @Override
    public void start(Node node) {
        MariaDbServer server = server(node);
        boolean wasRunning = server.isRunning();
        server.start();
        if (!wasRunning && promoted && !server.node().isPrimary() && !detached.contains(server.node().name())) {
            follow(server.node(), "slave_pos");           // it may still point at the primary it had before the promotion
        }
    }

    @Override
    public boolean isRunning(Node node) {
        return server(node).isRunning();
    }

    @Override
    public void pauseReplication(Node replica) {
        replicaServer(replica);
        execute(replica, "STOP SLAVE SQL_THREAD");
    }

    @Override
    public void resumeReplication(Node replica) {
        replicaServer(replica);
        execute(replica, "START SLAVE SQL_THREAD");
    }

    @Override
    public String gtidPosition(Node node) {
        server(node);
        return queryString(node, server(node).node().isPrimary() ? "select @@gtid_binlog_pos" : "select @@gtid_slave_pos");
    }

    @Override
    public void awaitCaughtUp(Node replica, Duration timeout) {
        MariaDbServer server = replicaServer(replica);
        if (!server.isRunning()) {
            throw new MariaDbClusterException("Replica '" + replica.name() + "' of MariaDB cluster '" + name
                    + "' is not running, so it cannot catch up; call start(node) first.");
        }
        String target = gtidPosition(primary());
        if (target == null || target.isBlank()) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Connection c = connectAsRoot(replica); PreparedStatement ps = c.prepareStatement("select master_gtid_wait(?, 0.2)")) {
            ps.setString(1, target);
            while (true) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) == 0) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new MariaDbClusterException("Replica '" + replica.name() + "' of MariaDB cluster '" + name
                            + "' did not reach the primary's GTID position " + target + " within " + timeout
                            + " (it is at " + gtidPosition(replica) + "): " + describe(slaveStatus(replica))
                            + ProcessRunner.tailOf(server.logFile(), 20));
                }
            }
        } catch (SQLException e) {
            throw failed(replica, "select master_gtid_wait(...)", e);
        }
    }

    @Override
    public void awaitCaughtUp(Duration timeout) {
        for (MariaDbServer server : servers.values()) {
            if (!server.node().isPrimary() && server.isRunning() && !detached.contains(server.node().name())) {
                awaitCaughtUp(server.node(), timeout);
            }
        }
    }

    @Override
    public void heal() {
        for (MariaDbServer server : servers.values()) {
            start(server.node());
        }
        for (String name : List.copyOf(detached)) {
            rejoin(servers.get(name).node());
        }
        for (Node replica : replicas()) {
            execute(replica, "START SLAVE");
            awaitThreadsRunning(replica, Duration.ofSeconds(60));
        }
        awaitCaughtUp(Duration.ofSeconds(60));
    }

    @Override
    public synchronized Node promote(Node replica) {
        MariaDbServer target = replicaServer(replica);
        if (detached.contains(target.node().name())) {
            throw new IllegalArgumentException("Node '" + target.node().name() + "' is an old primary left behind by a "
                    + "promotion; rejoin(node) it first, or promote a replica that follows the current primary.");
        }
        if (!target.isRunning()) {
            throw new MariaDbClusterException("Replica '" + target.node().name() + "' of MariaDB cluster '" + name
                    + "' is not running, so it cannot be promoted; call start(node) first.");
        }
        MariaDbServer old = server(primary());
        applyRelayLog(target.node());
        execute(target.node(), "STOP SLAVE");
        execute(target.node(), "RESET SLAVE ALL");
        execute(target.node(), "SET GLOBAL read_only=0");
        target.moveTo(Node.Role.PRIMARY, false);
        old.moveTo(Node.Role.REPLICA, false);
        detached.add(old.node().name());
        promoted = true;
        for (MariaDbServer other : servers.values()) {
            if (other != target && other != old && other.isRunning()) {
                try {
                    follow(other.node(), "slave_pos");
                } catch (MariaDbClusterException e) {
                    throw new MariaDbClusterException("Replica '" + target.node().name() + "' was promoted, but '"
                            + other.node().name() + "' cannot follow it: it had received transactions of the old primary that '"
                            + target.node().name() + "' lacks. Promote the most advanced replica (compare gtidPosition(node)"
                            + " once the old primary is gone). " + e.getMessage(), e);
                }
            }
        }
        return target.node();
    }

    /** Stops the replica's I/O thread and waits until its SQL thread has applied what it had received. */
    private void applyRelayLog(Node replica) {
        execute(replica, "STOP SLAVE IO_THREAD");
        String received = slaveStatus(replica).get("Gtid_IO_Pos");
        if (received == null || received.isBlank()) {
            return;
        }
        try (Connection c = connectAsRoot(replica); PreparedStatement ps = c.prepareStatement("select master_gtid_wait(?, 30)")) {
            ps.setString(1, received);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getInt(1) != 0) {
                    throw new MariaDbClusterException("Replica '" + replica.name() + "' did not apply its relay log (up to "
                            + received + ") within 30 s: " + describe(slaveStatus(replica)));
                }
            }
        } catch (SQLException e) {
            throw failed(replica, "select master_gtid_wait(...)", e);
        }
    }

    @Override
    public synchronized void rejoin(Node oldPrimary) {
        MariaDbServer server = server(oldPrimary);
        if (!detached.contains(server.node().name())) {
            throw new IllegalArgumentException("Node '" + server.node().name() + "' was not left behind by a promotion; "
                    + "rejoin(node) is for the old primary after promote(replica).");
        }
        server.moveTo(Node.Role.REPLICA, true);
        server.start();
        execute(server.node(), "SET GLOBAL read_only=1");
        // current_pos: the old primary's position is in its own binlog (gtid_slave_pos is empty on a node that never
        // replicated); a transaction the new primary lacks stops replication, and the wait below says so.
        follow(server.node(), "current_pos");
        detached.remove(server.node().name());
    }

    /** Points a replica at the current primary with GTID and waits until both replication threads run. */
    private void follow(Node replica, String gtidMode) {
        execute(replica, "STOP SLAVE");
        execute(replica, "CHANGE MASTER TO master_host='127.0.0.1', master_port=" + primary().port()
                + ", master_user='root', master_use_gtid=" + gtidMode + ", master_connect_retry=1");
        execute(replica, "START SLAVE");
        awaitThreadsRunning(replica, Duration.ofSeconds(30));
    }

    @Override
    public Path logDirectory() {
        return logDir;
    }

    @Override
    public Duration startup() {
        return startup;
    }

    /** Kills all nodes, deletes the data directories and ends the watchdog. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (MariaDbServer server : servers.values()) {
            try {
                server.kill();
            } catch (RuntimeException e) {
                // the directory is deleted below and the watchdog or the reaper handles survivors
            }
        }
        CacheDirectory.deleteRecursively(clusterDir);
        if (watchdog != null) {
            watchdog.destroyForcibly();
        }
        ShutdownHook.unregister(this);
    }

    @Override
    public String toString() {
        return "MariaDbCluster[" + name + ", " + nodes() + "]";
    }
}
