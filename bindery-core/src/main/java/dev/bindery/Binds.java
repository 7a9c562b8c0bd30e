package dev.bindery;

import dev.bindery.internal.RoutingRule;
import dev.bindery.spi.Router;
import dev.bindery.spi.Role;
import dev.bindery.spi.Access;
import dev.bindery.spi.RouteRequest;
import dev.bindery.spi.RetriedRead;
import dev.bindery.status.PoolStats;
import dev.bindery.status.BindStatus;
import dev.bindery.status.BindState;
import dev.bindery.spi.RouteListener;
import dev.bindery.spi.Route;
import dev.bindery.spi.PoolListener;
import dev.bindery.config.Balancer;
import dev.bindery.internal.BindNode;
import dev.bindery.internal.HealthMonitor;
import dev.bindery.internal.ReplicaGroup;
import dev.bindery.internal.GroupRoles;
import dev.bindery.config.Failover;
import dev.bindery.status.GroupStatus;
import dev.bindery.internal.TokenBound;
import dev.bindery.internal.TokenCounters;
import dev.bindery.internal.TokenKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * The named databases of an application: the {@link #DEFAULT} bind plus any number of named binds, each with its own
 * HikariCP pool (started on first use), grouped into primaries and their replicas. Build it from code
 * ({@link #builder()}), a map ({@link #fromMap(Map)}), a properties file ({@link #fromProperties(Properties)}) or the
 * environment; all four validate the same way and throw {@link BindConfigException} listing every problem.
 *
 * <p>Why this class is over 400 lines: it is the runtime facade, and most of its length is the Javadoc of its public
 * methods. Reading configuration ({@link BindsReader}), raw values ({@link RawOptions}) and validation
 * ({@link BindValidator}, {@link BindsValidator}) live elsewhere; the nested {@link Builder} only collects, and stays
 * nested so that {@code Binds.Builder} keeps its name for users.
 */
public final class Binds implements AutoCloseable {
    /** The key of the default bind. */
    public static final String DEFAULT = "default";

    private static final Logger LOG = LoggerFactory.getLogger(Binds.class);

    private final RoutingRule router;
    private final HealthMonitor monitor;
    private final RoutingDataSource routingDataSource;
    private final List<PoolListener> poolListeners;
    private final ClientTokens tokens;
    private final Map<String, String> environment;

    private Binds(List<BindConfig> configs, Map<String, Balancer> balancers, List<RouteListener> routeListeners,
                  List<PoolListener> poolListeners, TokenKeys tokenKeys, Map<String, String> environment) {
        this.poolListeners = poolListeners;
        this.environment = environment;
        Map<String, BindConfig> byKey = new LinkedHashMap<>();
        configs.forEach(c -> byKey.put(c.key(), c));
        Map<String, BindNode> n = new LinkedHashMap<>();
        for (BindConfig c : configs) {
            n.put(c.key(), newNode(c, byKey.get(c.replicaOf() == null ? c.key() : c.replicaOf())));
        }
        Map<String, ReplicaGroup> g = new LinkedHashMap<>();
        for (BindNode node : n.values()) {
            if (node.role() == Role.PRIMARY) {
                List<BindNode> replicas = n.values().stream().filter(r -> node.key().equals(r.config().replicaOf())).toList();
                g.put(node.key(), new ReplicaGroup(node, replicas, balancers.get(node.key())));
            }
        }
        this.monitor = new HealthMonitor();
        TokenCounters tokenCounters = new TokenCounters();
        this.tokens = new ClientTokens(tokenKeys, tokenCounters);
        this.router = new RoutingRule(n, Collections.unmodifiableMap(g), monitor, new TokenBound(tokenCounters), routeListeners);
        this.routingDataSource = new RoutingDataSource(this, router);
    }

    private BindNode newNode(BindConfig c, BindConfig groupConfig) {
        return new BindNode(c, groupConfig, (key, ds) -> {
            LOG.info("Started pool for bind '{}' ({})", key, c.maskedUrl());
            poolListeners.forEach(l -> l.poolStarted(key, ds));
        });
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds binds from a map: {@code url} (and other options) for the default bind, and {@code binds}, a map from key
     * to a URL string or to a map of options with {@code url}. {@code ${NAME}} placeholders read the environment.
     *
     * @throws BindConfigException listing every problem found
     */
    public static Binds fromMap(Map<String, ?> config) {
        return fromMap(config, System.getenv());
    }

    /** As {@link #fromMap(Map)}, resolving placeholders from {@code environment} instead of the process environment. */
    public static Binds fromMap(Map<String, ?> config, Map<String, String> environment) {
        return BindsReader.fromMap(config).environment(environment).build();
    }

    /**
     * A builder holding the configuration of {@code config} (the map of {@link #fromMap(Map)}), to add listeners or
     * balancers before {@link Builder#build()}, which validates everything and throws {@link BindConfigException}.
     */
    public static Builder builderFromMap(Map<String, ?> config) {
        return BindsReader.fromMap(config);
    }

    /**
     * Builds binds from properties: {@code bindery.url}, {@code bindery.<option>}, {@code bindery.binds.<key>.url} and
     * {@code bindery.binds.<key>.<option>}. Environment variables ({@code BINDERY_URL},
     * {@code BINDERY_BINDS_<KEY>_<OPTION>}) override the properties, and {@code ${NAME}} placeholders read them.
     *
     * @throws BindConfigException listing every problem found
     */
    public static Binds fromProperties(Properties properties) {
        return fromProperties(properties, System.getenv());
    }

    /** As {@link #fromProperties(Properties)}, with {@code environment} in place of the process environment. */
    public static Binds fromProperties(Properties properties, Map<String, String> environment) {
        return BindsReader.fromProperties(properties, environment).environment(environment).build();
    }

    /**
     * Reads a properties file and builds binds from it, as {@link #fromProperties(Properties)}.
     *
     * @throws UncheckedIOException if the file cannot be read
     */
    public static Binds fromProperties(Path file) {
        return fromProperties(BindsReader.read(file));
    }

    /** Builds binds from environment variables alone ({@code BINDERY_URL}, {@code BINDERY_BINDS_<KEY>_URL}, ...). */
    public static Binds fromEnvironment() {
        return fromProperties(new Properties(), System.getenv());
    }

    /**
     * The DataSource of bind {@code key}; its pool starts on the first connection.
     *
     * @throws UnknownBindException if no bind has that key
     */
    public DataSource dataSource(String key) {
        return node(key).dataSource();
    }

    /** Every bind key, the default first when it exists, then in configuration order. */
    public List<String> keys() {
        return router.topology().keys();
    }

    /** Every bind's DataSource by key (the engines). */
    public Map<String, DataSource> dataSources() {
        Map<String, DataSource> out = new LinkedHashMap<>();
        for (String k : router.topology().keys()) {
            out.put(k, node(k).dataSource());
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * The configuration of bind {@code key}.
     *
     * @throws UnknownBindException if no bind has that key
     */
    public BindConfig config(String key) {
        return node(key).config();
    }

    /** Whether a bind with this key exists. */
    public boolean contains(String key) {
        return router.topology().nodeOrNull(key) != null;
    }

    /** The keys of the groups: binds that are not replicas. */
    public Set<String> groups() {
        return router.topology().groupMap().keySet();
    }

    /**
     * The replica keys of group {@code group}, in configuration order.
     *
     * @throws UnknownBindException if no bind has that key
     */
    public List<String> replicas(String group) {
        ReplicaGroup g = router.topology().group(group);
        List<String> out = new ArrayList<>();
        for (BindNode n : g.replicas()) {
            out.add(n.key());
        }
        return out;
    }

    /**
     * The group of bind {@code key}: itself for a primary, its primary for a replica.
     *
     * @throws UnknownBindException if no bind has that key
     */
    public String groupOf(String key) {
        return node(key).group();
    }

    /**
     * A snapshot of bind {@code key}'s pool; all zeros when the pool has not started.
     *
     * @throws UnknownBindException if no bind has that key
     */
    public PoolStats poolStats(String key) {
        return node(key).poolStats();
    }

    /** A data source routing each connection by the current {@link BindContext}. */
    public RoutingDataSource routingDataSource() {
        return routingDataSource;
    }

    /** The router every module asks for decisions. */
    public Router router() {
        return router;
    }

    /**
     * The state and numbers of every bind: role, health, lag, pool, and what was routed to it.
     * A group whose primary is {@link BindState#DOWN} while replicas are up is in degraded read-only mode.
     */
    public List<BindStatus> status() {
        List<BindStatus> out = new ArrayList<>();
        for (String k : router.topology().keys()) {
            BindNode n = node(k);
            out.add(new BindStatus(k, n.group(), n.role(), n.health().state(), n.health().lastError(),
                    n.role() == Role.REPLICA ? n.health().lagMillis() : 0, n.role() == Role.REPLICA ? n.health().lagBytes() : 0,
                    n.poolStats(), n.reads.sum(), n.writes.sum(), n.fallbacks.sum(), n.retries.sum(), n.tokenWaits.sum(),
                    n.tokenFallbacks.sum(), n.tokensIgnored.sum(), n.positions().queries(), n.isSaturated(),
                    n.saturations.sum(), n.ejections.sum(), n.health().timeline()));
        }
        return out;
    }

    /**
     * The roles of group {@code group}: its primary now and, with {@code failover=follow}, its timeline, failovers,
     * split-brain and tokens from a lost timeline.
     *
     * @throws UnknownBindException if no bind has that key
     */
    public GroupStatus groupStatus(String group) {
        ReplicaGroup g = router.topology().group(group);
        GroupRoles r = g.roles();
        if (r == null) {
            return new GroupStatus(g.key(), g.primary().key(), Failover.NONE, 0, 0, null, List.of(), 0, 0, 0);
        }
        List<String> split = r.splitBrain();
        return new GroupStatus(g.key(), g.primary().key(), Failover.FOLLOW, r.timeline(), r.failovers.sum(), r.lastFailover(),
                split == null ? List.of() : split, r.splitBrainRefusals.sum(), r.lostTimelineTokens.sum(), r.rounds.sum());
    }

    /**
     * The status of bind {@code key}.
     *
     * @throws UnknownBindException if no bind has that key
     */
    public BindStatus status(String key) {
        node(key);
        return status().stream().filter(s -> s.key().equals(key)).findFirst().orElseThrow();
    }

    /**
     * Signs the causal tokens and read-your-writes windows handed to clients, and verifies the ones they send back
     * (HMAC-SHA256 under the {@code tokenKeys} option); it also counts what was ignored.
     */
    public ClientTokens tokens() {
        return tokens;
    }

    /** Checks the health and lag of every member of {@code group} now, instead of waiting for the next periodic check. */
    public void checkNow(String group) {
        monitor.check(router.topology().group(group));
    }

    /**
     * Reads the current write position of {@code group}'s primary, as a token that later reads can carry to see
     * everything committed so far. Returns {@link CausalToken#NONE} for databases without replication positions.
     *
     * @throws BindUnavailableException if the primary cannot be reached
     */
    public CausalToken causalToken(String group) {
        ReplicaGroup g = router.topology().group(group);
        BindNode primary = g.primary();
        try (java.sql.Connection c = primary.getConnection()) {
            long position = dev.bindery.internal.ReplicationProbe.forUrl(primary.config().url())
                    .observe(c, Role.PRIMARY, 5).position();
            primary.health().positionSeen(position);   // tokens this process issues are never ahead of the primary
            long timeline = g.roles() == null ? 0 : g.roles().timeline();
            return position < 0 ? CausalToken.NONE : CausalToken.of(g.key(), timeline, position);
        } catch (java.sql.SQLException e) {
            throw new BindUnavailableException(primary.key(), "Cannot read the write position of bind '" + primary.key() + "': "
                    + primary.scrub(e.getMessage()), null);
        }
    }

    /**
     * Adds a replica to a running group. New reads may go to it once its first health check passes.
     *
     * @throws BindConfigException if the options are invalid, the key exists, or {@code replicaOf} is not a primary
     */
    public void addReplica(String key, Consumer<BindConfig.Builder> options) {
        List<BindConfigException.Problem> problems = new ArrayList<>();
        BindConfig.Builder b = BindsValidator.acceptKey(key, List.of(), problems) ? BindConfig.builder(key) : null;
        if (b != null) {
            options.accept(b);
        }
        BindConfig config = BindsValidator.validateAddedReplica(b, problems, environment, router.topology().keys(), router.topology().groupMap().keySet());
        ReplicaGroup group = router.topology().groupMap().get(config.replicaOf());
        BindNode node = newNode(config, group.config());
        router.topology().addNode(node);
        if (group.isMonitored()) {
            monitor.check(group);
        }
        LOG.info("Added replica '{}' to group '{}'", key, config.replicaOf());
    }

    /**
     * Removes a replica from its group at run time. New work no longer goes to it; work in flight finishes, and its
     * pool closes once idle.
     *
     * @throws UnknownBindException if no bind has that key
     * @throws BindConfigException  if the bind is not a replica
     */
    public void removeReplica(String key) {
        BindNode node = node(key);
        if (node.role() != Role.REPLICA) {
            throw new BindConfigException(List.of(new BindConfigException.Problem(key, "replicaOf",
                    "is not set: only replicas can be removed at run time")));
        }
        router.topology().removeNode(node);
        node.health().removed();
        monitor.closeWhenIdle(node);
    }

    /**
     * Runs {@code work} on a connection for reading {@code group}, routed by the router. When the replica lost its
     * connection (it is ejected at once) or its pool was saturated (it stays up), the work runs once more on another
     * usable member ({@link Router#read(RetriedRead)}). SQL errors are not retried.
     *
     * @throws SQLException if the work fails with an SQL error, or fails again after the retry
     */
    @SuppressWarnings("unchecked")
    public <T, X extends Exception> T withReadConnection(String group, ConnectionWork<T, X> work) throws X, SQLException {
        RouteRequest request = router.topology().request(group, Access.READ);
        try {
            return router.read(new RetriedRead<T, Exception>() {
                @Override
                public Route route() {
                    return router.route(request);
                }

                @Override
                public T run(Route route) throws Exception {
                    try (java.sql.Connection c = router.topology().nodeOf(route.bind()).getConnection()) {
                        return work.run(c);
                    }
                }
            });
        } catch (SQLException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw (X) e;   // work throws only X, SQLException or unchecked exceptions
        }
    }

    /**
     * Runs {@code work} in one transaction on {@code group}'s primary, routed by the router, and commits it (rolls it
     * back when the work throws). When the primary changes under it in a {@code failover=follow} group (its connection
     * is lost, or it was demoted and refuses the write), the failure becomes a retryable
     * {@link PrimaryChangedException}: the database rolled the transaction back, unless the message says the loss came
     * during the commit. Nothing is retried here, since the work may not be idempotent.
     *
     * @throws BindUnavailableException if the group's primary is down
     * @throws SplitBrainException      if two members take writes and nothing tells which is current
     * @throws PrimaryChangedException  as above
     * @throws SQLException             if the work fails with an SQL error
     */
    public <T, X extends Exception> T withWriteConnection(String group, ConnectionWork<T, X> work) throws X, SQLException {
        Route route = router.route(router.topology().request(group, Access.WRITE));
        BindNode node = router.topology().nodeOf(route.bind());
        java.sql.Connection connection;
        try {
            connection = node.getConnection();
        } catch (SQLException e) {
            RuntimeException changed = router.writeFailed(route, e, false);
            throw changed != null ? changed : new BindUnavailableException(node.key(), "Cannot get a connection from bind '"
                    + node.key() + "' (primary of group '" + route.group() + "'): " + node.scrub(e.getMessage())
                    + ". Nothing was sent; retry once it serves again.", node.scrubber().scrub(e));
        }
        boolean committing = false;
        try (java.sql.Connection c = connection) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                committing = true;
                c.commit();
                return result;
            } catch (Exception e) {
                if (!committing) {
                    try {
                        c.rollback();
                    } catch (SQLException rollbackFailed) {
                        e.addSuppressed(rollbackFailed);
                    }
                }
                throw e;
            } finally {
                try {
                    c.setAutoCommit(autoCommit);
                } catch (SQLException ignored) {
                    // a lost connection is reported by the failure itself
                }
            }
        } catch (SQLException e) {
            RuntimeException changed = router.writeFailed(route, e, committing);
            if (changed != null) {
                throw changed;
            }
            throw e;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw (X) e;   // work throws only X, SQLException or unchecked exceptions
        }
    }

    /**
     * Tells the router that real work on bind {@code key} failed with {@code failure}; see
     * {@link Router#reportFailure(String, Throwable)}: a lost connection ejects a replica at once, a saturated pool
     * never does, and for either on a replica the method returns true so the caller may run its read once more
     * elsewhere. Other failures change nothing and return false.
     *
     * @throws UnknownBindException if no bind has that key
     */
    public boolean reportFailure(String key, Throwable failure) {
        return router.reportFailure(key, failure);
    }

    /** Work on a JDBC connection that may throw the caller's checked exception. */
    @FunctionalInterface
    public interface ConnectionWork<T, X extends Exception> {
        T run(java.sql.Connection connection) throws X, SQLException;
    }

    /** Stops the health checks and closes every pool. */
    @Override
    public void close() {
        monitor.close();
        router.topology().nodes().values().forEach(BindNode::close);
    }

    @Override
    public String toString() {
        return "Binds" + router.topology().nodes().values().stream().map(n -> n.config().toString()).toList();
    }

    BindNode node(String key) {
        return router.topology().node(key);
    }

    /** Collects binds and listeners; {@link #build()} validates everything at once ({@link BindsValidator}). */
    public static final class Builder {
        private final Map<String, BindConfig.Builder> binds = new LinkedHashMap<>();
        private final List<BindConfigException.Problem> problems = new ArrayList<>();
        private final List<RouteListener> routeListeners = new ArrayList<>();
        private final List<PoolListener> poolListeners = new ArrayList<>();
        private final Map<String, Balancer> balancers = new LinkedHashMap<>();
        private Map<String, String> environment = System.getenv();
        private List<String> tokenKeys;

        Builder() {
        }

        /**
         * The keys that sign what clients carry between requests (causal tokens, read-your-writes windows), as the
         * {@code tokenKeys} option: the first signs, every one verifies, so a new key goes first and an old one stays
         * until the tokens signed with it have expired. Each key must be at least 32 bytes (UTF-8); the same keys go
         * on every instance of an application. Without keys, a random key of this process signs.
         */
        public Builder tokenKeys(String... keys) {
            this.tokenKeys = java.util.Arrays.asList(keys.clone());
            return this;
        }

        /** Adds bind {@code key} with a JDBC URL and default options. */
        public Builder bind(String key, String url) {
            return bind(key, b -> b.url(url));
        }

        /** Adds bind {@code key}, configured by {@code options}. */
        public Builder bind(String key, Consumer<BindConfig.Builder> options) {
            BindConfig.Builder b = bindBuilder(key);
            if (b != null) {
                options.accept(b);
            }
            return this;
        }

        /** Uses {@code environment} instead of the process environment for {@code ${NAME}} placeholders. */
        public Builder environment(Map<String, String> environment) {
            this.environment = Map.copyOf(environment);
            return this;
        }

        /** Uses {@code balancer} for the replicas of {@code group} instead of the configured built-in one. */
        public Builder balancer(String group, Balancer balancer) {
            balancers.put(group, balancer);
            return this;
        }

        /** Calls {@code listener} after each routing decision. */
        public Builder onRoute(RouteListener listener) {
            routeListeners.add(listener);
            return this;
        }

        /** Calls {@code listener} when a bind's pool starts. */
        public Builder onPoolStarted(PoolListener listener) {
            poolListeners.add(listener);
            return this;
        }

        /** The builder of a new bind {@code key}, or {@code null} (with a problem) when the key cannot name one. */
        BindConfig.Builder bindBuilder(String key) {
            if (!BindsValidator.acceptKey(key, binds.keySet(), problems)) {
                return binds.get(key);
            }
            BindConfig.Builder b = BindConfig.builder(key);
            binds.put(key, b);
            return b;
        }

        void problem(String key, String field, String message) {
            problems.add(new BindConfigException.Problem(key, field, message));
        }

        /**
         * Validates every bind and builds the binds. No connection is opened.
         *
         * @throws BindConfigException listing every problem found, each naming the bind key and the field
         */
        public Binds build() {
            BindsValidator.Validated valid = BindsValidator.validate(binds, problems, environment, balancers.keySet(), tokenKeys);
            return new Binds(valid.configs(), Map.copyOf(balancers), List.copyOf(routeListeners), List.copyOf(poolListeners),
                    valid.tokenKeys(), environment);
        }
    }
}
