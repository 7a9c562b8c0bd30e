package dev.bindery.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.bindery.BindConfig;
import dev.bindery.Role;
import dev.bindery.PoolStats;
import dev.bindery.Route;
import dev.bindery.RouteReason;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * One bind at run time: its configuration, its lazily started HikariCP pool, its precomputed routes and its counters.
 * The pool starts on the first connection, so a bind that is never used costs no connection.
 */
public final class BindNode {
    private final BindConfig config;
    private final String group;
    private final Route[] routes;
    private final BiConsumer<String, DataSource> onEngineCreated;
    private final Facade facade = new Facade();
    private final Object lock = new Object();
    private volatile HikariDataSource pool;
    private volatile boolean closed;

    public final LongAdder reads = new LongAdder();
    public final LongAdder writes = new LongAdder();
    public final LongAdder unspecified = new LongAdder();
    public final LongAdder fallbacks = new LongAdder();

    public BindNode(BindConfig config, BiConsumer<String, DataSource> onEngineCreated) {
        this.config = config;
        this.group = config.replicaOf() == null ? config.key() : config.replicaOf();
        this.onEngineCreated = onEngineCreated;
        RouteReason[] reasons = RouteReason.values();
        this.routes = new Route[reasons.length];
        for (RouteReason r : reasons) {
            routes[r.ordinal()] = new Route(config.key(), group, config.role(), r);
        }
    }

    public String key() {
        return config.key();
    }

    public String group() {
        return group;
    }

    public Role role() {
        return config.role();
    }

    public BindConfig config() {
        return config;
    }

    /** The precomputed route to this bind for {@code reason}; allocation-free. */
    public Route route(RouteReason reason) {
        return routes[reason.ordinal()];
    }

    /** The bind's DataSource as users see it: it starts the pool on first use. */
    public DataSource dataSource() {
        return facade;
    }

    /** Takes a connection from the bind's pool, starting the pool if needed. */
    public Connection getConnection() throws SQLException {
        HikariDataSource p = pool;
        if (p == null) {
            p = start();
        }
        return p.getConnection();
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
            created = new HikariDataSource(hikariConfig(config));
            pool = created;
        }
        onEngineCreated.accept(key(), facade);
        return created;
    }

    static HikariConfig hikariConfig(BindConfig c) {
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
        h.setReadOnly(c.isReadOnly());
        h.setAutoCommit(c.autoCommit());
        if (c.transactionIsolation() != null) {
            h.setTransactionIsolation("TRANSACTION_" + c.transactionIsolation().name());
        }
        if (c.schema() != null) {
            h.setSchema(c.schema());
        }
        if (c.isReadOnly()) {
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
    private final class Facade implements DataSource {
        @Override
        public Connection getConnection() throws SQLException {
            return BindNode.this.getConnection();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            throw new SQLFeatureNotSupportedException("Bind '" + key() + "' uses its configured credentials; "
                    + "configure username and password on the bind instead.");
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException("Bindery logs through SLF4J");
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
