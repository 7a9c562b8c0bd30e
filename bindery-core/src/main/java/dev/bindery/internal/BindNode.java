package dev.bindery.internal;

import dev.bindery.spi.Role;
import dev.bindery.status.PoolStats;
import dev.bindery.spi.RouteReason;
import dev.bindery.spi.Route;
import dev.bindery.spi.ConfiguredDataSource;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.bindery.BindConfig;
import dev.bindery.spi.FailureKind;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import javax.sql.DataSource;

/**
 * One bind at run time: its configuration, its lazily started HikariCP pool, its precomputed routes and its counters.
 * The pool starts on the first connection, so a bind that is never used costs no connection.
 *
 * <p>Why this class is over 400 lines: it owns the three pools of one bind (real work, health checks, replay
 * positions), whose start and close share one lock, and the counters the router bumps on the hot path as plain fields;
 * moving either out would add an indirection to every routed connection.
 */
public final class BindNode {
    private final BindConfig config;
    private final BindConfig groupConfig;
    private final BindHealth health;
    private final ReplicationProbe probe;
    private final RoleProbe roleProbe;
    private final String group;
    /** The role now: the configured one, changed by failovers in a {@code failover=follow} group. */
    private volatile Role role;
    private volatile Route[] routes;
    private boolean announced;
    private final BiConsumer<String, DataSource> onPoolStarted;
    private final FailureScrubber scrubber;
    private final Facade facade = new Facade();
    private final Object lock = new Object();
    private volatile HikariDataSource pool;
    private volatile HikariDataSource probePool;
    private volatile HikariDataSource positionPool;
    private final PositionRefresh positions = new PositionRefresh(this);
    private volatile boolean closed;

    public final LongAdder reads = new LongAdder();
    public final LongAdder writes = new LongAdder();
    public final LongAdder unspecified = new LongAdder();
    public final LongAdder fallbacks = new LongAdder();
    public final LongAdder retries = new LongAdder();
    public final LongAdder tokenWaits = new LongAdder();
    public final LongAdder tokenFallbacks = new LongAdder();
    /** Tokens for this group (primaries) ignored because they ask beyond anything the primary reported. */
    public final LongAdder tokensIgnored = new LongAdder();
    /** Connection requests that timed out waiting for a saturated pool (the database reachable). */
    public final LongAdder saturations = new LongAdder();
    /** Times this bind went out of service (ejected replica, primary down). */
    public final LongAdder ejections = new LongAdder();
    private volatile boolean saturated;
    private volatile long saturatedUntil;

    /**
     * @param config          this bind's configuration
     * @param groupConfig     the configuration of its group's primary (itself for a primary), which holds group options
     * @param onPoolStarted called once when the pool starts
     */
    public BindNode(BindConfig config, BindConfig groupConfig, BiConsumer<String, DataSource> onPoolStarted) {
        this.config = config;
        this.groupConfig = groupConfig;
        this.health = new BindHealth(config, groupConfig, this::wentDown);
        this.probe = ReplicationProbe.forUrl(config.url());
        this.roleProbe = RoleProbe.forUrl(config.url());
        this.group = config.replicaOf() == null ? config.key() : config.replicaOf();
        this.onPoolStarted = onPoolStarted;
        this.scrubber = FailureScrubber.of(config.url(), config.password(), config.driverProperties());
        this.role = config.role();
        this.routes = routesFor(role);
    }

    private Route[] routesFor(Role r) {
        RouteReason[] reasons = RouteReason.values();
        Route[] out = new Route[reasons.length];
        for (RouteReason reason : reasons) {
            out[reason.ordinal()] = new Route(config.key(), group, r, reason);
        }
        return out;
    }

    /**
     * A failover changed this member's role ({@code failover=follow}): routes name the new role, and new connections
     * come from a pool built for it (read-only in the database session for a replica, writable for a primary). The
     * old pool is returned for the caller to close once its connections are back; work in flight on it finishes there.
     *
     * @return the pool of the old role, or {@code null} when it had not started or the role did not change
     */
    HikariDataSource changeRole(Role next, String why) {
        synchronized (lock) {
            if (role == next) {
                return null;
            }
            role = next;
            routes = routesFor(next);
            health.roleChanged(next, why);
            HikariDataSource old = pool;
            pool = null;
            if (old != null && old.getHikariPoolMXBean() != null) {
                old.getHikariPoolMXBean().softEvictConnections();
            }
            return old;
        }
    }

    /** Whether writes routed here are refused: a replica now, or a bind configured read-only. */
    public boolean isReadOnly() {
        return config.readOnly() || role == Role.REPLICA;
    }

    RoleProbe roleProbe() {
        return roleProbe;
    }

    public String key() {
        return config.key();
    }

    public String group() {
        return group;
    }

    /** Primary or replica now: the configured role, or the one the last failover gave it ({@code failover=follow}). */
    public Role role() {
        return role;
    }

    public BindConfig config() {
        return config;
    }

    /** The configuration of the group's primary, which holds the group options. */
    public BindConfig groupConfig() {
        return groupConfig;
    }

    public BindHealth health() {
        return health;
    }

    ReplicationProbe probe() {
        return probe;
    }

    /** Connections of the pool in use now; 0 before the pool starts. */
    public int activeConnections() {
        HikariDataSource p = pool;
        if (p == null) {
            return 0;
        }
        HikariPoolMXBean mx = p.getHikariPoolMXBean();
        return mx == null ? 0 : mx.getActiveConnections();
    }

    /**
     * Connections in use plus threads waiting for one: how busy the pool is, for the least-busy balancer; 0 before the
     * pool starts.
     */
    public int busyConnections() {
        HikariDataSource p = pool;
        if (p == null) {
            return 0;
        }
        HikariPoolMXBean mx = p.getHikariPoolMXBean();
        return mx == null ? 0 : mx.getActiveConnections() + mx.getThreadsAwaitingConnection();
    }

    /**
     * Whether a connection request timed out on this bind's saturated pool within the last connection timeout. The
     * balancers pass over a saturated replica while another is usable; it stays {@code UP}.
     */
    public boolean isSaturated() {
        if (!saturated) {
            return false;
        }
        if (System.nanoTime() - saturatedUntil < 0) {
            return true;
        }
        saturated = false;
        return false;
    }

    /** Real work lost its connection here: a replica is ejected at once (its pooled connections retired). */
    public void connectionLost(Throwable failure) {
        if (role() == Role.REPLICA) {
            health.workFailed(scrub(String.valueOf(failure.getMessage())));
        }
    }

    private void wentDown() {
        ejections.increment();
        evictConnections();
    }

    /** Retires every pooled connection (in use ones when returned): after a failure they are likely dead. */
    void evictConnections() {
        HikariDataSource p = pool;
        if (p != null && p.getHikariPoolMXBean() != null) {
            p.getHikariPoolMXBean().softEvictConnections();
        }
    }

    /** Removes this bind's secrets (its password, the passwords in its URL) from a text (a driver's error message, say). */
    public String scrub(String text) {
        return scrubber.text(text);
    }

    /** Removes this bind's secrets from a failure's whole cause chain, before Bindery throws, wraps or logs it. */
    public FailureScrubber scrubber() {
        return scrubber;
    }

    /**
     * A connection for health checks, from a separate one-connection pool that gives up after the health-check
     * timeout, so that checks never wait behind real work nor take its connections.
     */
    Connection probeConnection() throws SQLException {
        HikariDataSource p = probePool;
        if (p == null) {
            synchronized (lock) {
                p = probePool;
                if (p == null) {
                    p = sidePool("bindery-health-");
                    probePool = p;
                }
            }
        }
        try {
            return p.getConnection();
        } catch (SQLException e) {
            throw scrubber.sql(e);
        }
    }

    /**
     * A connection for asking a member that did not answer its last check, straight from the driver instead of the
     * health pool: a pool waits its whole connection timeout for a server that refuses connections (killed), the
     * driver fails at once. A server that does not answer at all still costs the health-check timeout.
     */
    Connection directConnection(int timeoutSeconds) throws SQLException {
        if (closed) {
            throw new SQLException("Bind '" + key() + "' is closed", "08003");
        }
        java.util.Properties p = new java.util.Properties();
        config.driverProperties().forEach(p::setProperty);
        if (config.username() != null) {
            p.setProperty("user", config.username());
        }
        if (config.password() != null) {
            p.setProperty("password", config.password());
        }
        roleProbe.quickConnect(p, Math.max(1, timeoutSeconds));
        try {
            return java.sql.DriverManager.getConnection(config.url(), p);
        } catch (SQLException e) {
            throw scrubber.sql(e);
        }
    }

    /**
     * A connection for reading the position again for a causal token, from a third one-connection pool: such reads
     * never take nor wait for the health checks' connection (so request traffic cannot starve the checks), nor real
     * work's. {@link PositionRefresh} sends at most one query at a time on it.
     */
    Connection positionConnection() throws SQLException {
        HikariDataSource p = positionPool;
        if (p == null) {
            synchronized (lock) {
                p = positionPool;
                if (p == null) {
                    p = sidePool("bindery-position-");
                    positionPool = p;
                }
            }
        }
        try {
            return p.getConnection();
        } catch (SQLException e) {
            throw scrubber.sql(e);
        }
    }

    /** A one-connection pool beside the bind's own, giving up after the health-check timeout; call under the lock. */
    private HikariDataSource sidePool(String namePrefix) throws SQLException {
        if (closed) {
            throw new SQLException("Bind '" + key() + "' is closed", "08003");
        }
        HikariConfig h = hikariConfig(config, false);
        h.setPoolName(namePrefix + key());
        h.setMaximumPoolSize(1);
        h.setMinimumIdle(0);
        long timeout = Math.max(250, groupConfig.groupOptions().healthCheckTimeout().toMillis());
        h.setConnectionTimeout(timeout);
        h.setValidationTimeout(Math.max(250, Math.min(timeout, 1000)));
        h.setLeakDetectionThreshold(0);
        return newPool(h);
    }

    /** Reads of this node's position for causal tokens: one in flight at a time, on its own connection. */
    public PositionRefresh positions() {
        return positions;
    }

    /** The precomputed route to this bind for {@code reason}; allocation-free. */
    public Route route(RouteReason reason) {
        return routes[reason.ordinal()];
    }

    /** The bind's DataSource as users see it: it starts the pool on first use. */
    public DataSource dataSource() {
        return facade;
    }

    /**
     * Takes a connection from the bind's pool, starting the pool if needed. A replica's connection reports a lost
     * connection during use ({@link ConnectionLossReporter}); a timeout of a saturated pool is counted, never ejects.
     */
    public Connection getConnection() throws SQLException {
        HikariDataSource p = pool;
        if (p == null) {
            p = start();
        }
        try {
            return p.getConnection();
        } catch (SQLException e) {
            FailureKind kind = FailureKind.of(e);
            if (kind == FailureKind.POOL_SATURATED) {
                saturations.increment();
                saturatedUntil = System.nanoTime() + config.connectionTimeout().toNanos();
                saturated = true;
            } else if (kind == FailureKind.CONNECTION_LOST) {
                connectionLost(e);
            }
            throw scrubber.sql(e);
        }
    }

    /** The pool if it has started, else {@code null}. */
    public HikariDataSource poolIfStarted() {
        return pool;
    }

    public PoolStats poolStats() {
        HikariDataSource p = pool;
        if (p == null || p.isClosed()) {
            return PoolStats.NOT_STARTED;
        }
        HikariPoolMXBean mx = p.getHikariPoolMXBean();
        if (mx == null) {
            return PoolStats.NOT_STARTED;
        }
        return new PoolStats(mx.getActiveConnections(), mx.getIdleConnections(), mx.getThreadsAwaitingConnection(),
                mx.getTotalConnections());
    }

    public boolean isClosed() {
        return closed;
    }

    public void close() {
        synchronized (lock) {
            closed = true;
            if (pool != null) {
                pool.close();
            }
            if (probePool != null) {
                probePool.close();
            }
            if (positionPool != null) {
                positionPool.close();
            }
        }
    }

    private HikariDataSource start() throws SQLException {
        HikariDataSource created;
        synchronized (lock) {
            if (closed) {
                throw new SQLException("Bind '" + key() + "' is closed: its Binds was closed. Build a new Binds to reconnect.", "08003");
            }
            if (pool != null) {
                return pool;
            }
            HikariConfig h = hikariConfig(config, isReadOnly());
            if (role() == Role.REPLICA) {
                h.setExceptionOverride(new ConnectionLossReporter(this));
            }
            created = newPool(h);
            pool = created;
            if (announced) {
                return created;   // a pool rebuilt for a new role: listeners already have the facade
            }
            announced = true;
        }
        onPoolStarted.accept(key(), facade);
        return created;
    }

    /**
     * Starts a HikariCP pool. HikariCP fails with a bare RuntimeException that quotes the unmasked URL when no driver
     * accepts it, or when the driver refuses its properties: both become an {@link SQLException} without secrets,
     * the first naming the driver artifact to add.
     */
    private HikariDataSource newPool(HikariConfig h) throws SQLException {
        try {
            return new HikariDataSource(h);
        } catch (RuntimeException e) {
            if (!JdbcDrivers.hasDriverFor(config.url())) {
                throw JdbcDrivers.noDriver(key(), config.url());
            }
            throw new SQLException("Cannot start the pool of bind '" + key() + "': " + scrubber.text(e.getMessage()),
                    JdbcDrivers.CANNOT_CONNECT, scrubber.scrub(e));
        }
    }

    static HikariConfig hikariConfig(BindConfig c, boolean readOnly) {
        HikariConfig h = new HikariConfig();
        h.setPoolName("bindery-" + c.key());
        h.setJdbcUrl(c.url());
        h.setUsername(c.username());
        h.setPassword(c.password());
        h.setMaximumPoolSize(c.poolSize());
        if (c.minimumIdle() != null) {
            h.setMinimumIdle(c.minimumIdle());
        }
        h.setConnectionTimeout(c.connectionTimeout().toMillis());
        h.setIdleTimeout(c.idleTimeout().toMillis());
        h.setMaxLifetime(c.maxLifetime().toMillis());
        h.setValidationTimeout(c.validationTimeout().toMillis());
        h.setLeakDetectionThreshold(c.leakDetectionThreshold().toMillis());
        h.setReadOnly(readOnly);
        h.setAutoCommit(c.autoCommit());
        if (c.transactionIsolation() != null) {
            h.setTransactionIsolation("TRANSACTION_" + c.transactionIsolation().name());
        }
        if (c.schema() != null) {
            h.setSchema(c.schema());
        }
        if (readOnly) {
            String enforce = readOnlySessionSql(c.url());
            if (enforce != null) {
                h.setConnectionInitSql(enforce);
            }
        }
        c.driverProperties().forEach(h::addDataSourceProperty);
        // Start without connecting: a database that is down at start-up must not stop the application from starting.
        h.setInitializationFailTimeout(-1);
        return h;
    }

    /**
     * SQL that makes the session itself refuse writes, for drivers that treat {@code setReadOnly(true)} as a hint
     * (pgjdbc outside transactions, MariaDB Connector/J 3): a write that slips through is refused by the database.
     */
    static String readOnlySessionSql(String url) {
        if (url.startsWith("jdbc:postgresql:")) {
            return "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY";
        }
        if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
            return "SET SESSION TRANSACTION READ ONLY";
        }
        return null;
    }

    @Override
    public String toString() {
        return "BindNode[" + key() + ", " + role() + ", " + poolStats() + "]";
    }

    /** The DataSource users get for this bind. */
    private final class Facade extends ConfiguredDataSource {
        @Override
        public Connection getConnection() throws SQLException {
            return BindNode.this.getConnection();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            if (iface.isInstance(this)) {
                return iface.cast(this);
            }
            if (iface.isAssignableFrom(HikariDataSource.class)) {
                HikariDataSource p = pool != null ? pool : start();
                return iface.cast(p);
            }
            throw new SQLException("Bind '" + key() + "' DataSource does not wrap " + iface.getName());
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return iface.isInstance(this) || iface.isAssignableFrom(HikariDataSource.class);
        }

        @Override
        public String toString() {
            return "BindDataSource[" + key() + ", " + config.maskedUrl() + "]";
        }
    }
}
