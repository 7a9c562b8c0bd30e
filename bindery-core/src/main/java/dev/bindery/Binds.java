package dev.bindery;

import dev.bindery.internal.BindNode;
import dev.bindery.internal.ReplicaGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The named databases of an application: the {@link #DEFAULT} bind plus any number of named binds, each with its own
 * HikariCP pool (started on first use), grouped into primaries and their replicas. Build it from code
 * ({@link #builder()}), a map ({@link #fromMap(Map)}), a properties file ({@link #fromProperties(Properties)}) or the
 * environment; all four validate the same way and throw {@link BindConfigException} listing every problem.
 */
public final class Binds implements AutoCloseable {
    /** The key of the default bind. */
    public static final String DEFAULT = "default";

    private static final Logger LOG = LoggerFactory.getLogger(Binds.class);
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_@-]+");

    private final Map<String, BindNode> nodes;
    private final Map<String, ReplicaGroup> groups;
    private final List<String> keys;
    private final Router router;
    private final RoutingDataSource routingDataSource;

    private Binds(List<BindConfig> configs, List<RouteListener> routeListeners, List<EngineListener> engineListeners) {
        Map<String, BindNode> n = new LinkedHashMap<>();
        for (BindConfig c : configs) {
            n.put(c.key(), new BindNode(c, (key, ds) -> {
                LOG.info("Started pool for bind '{}' ({})", key, c.maskedUrl());
                engineListeners.forEach(l -> l.engineCreated(key, ds));
            }));
        }
        Map<String, ReplicaGroup> g = new LinkedHashMap<>();
        for (BindNode node : n.values()) {
            if (node.role() == Role.PRIMARY) {
                List<BindNode> replicas = n.values().stream().filter(r -> node.key().equals(r.config().replicaOf())).toList();
                g.put(node.key(), new ReplicaGroup(node, replicas));
            }
        }
        this.nodes = Collections.unmodifiableMap(n);
        this.groups = Collections.unmodifiableMap(g);
        this.keys = List.copyOf(n.keySet());
        this.router = new Router(nodes, groups, keys, routeListeners);
        this.routingDataSource = new RoutingDataSource(this, router);
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
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read bind configuration " + file, e);
        }
        return fromProperties(p);
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
        return keys;
    }

    /** Every bind's DataSource by key (the engines). */
    public Map<String, DataSource> dataSources() {
        Map<String, DataSource> out = new LinkedHashMap<>();
        nodes.forEach((k, n) -> out.put(k, n.dataSource()));
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
        return nodes.containsKey(key);
    }

    /** The keys of the groups: binds that are not replicas. */
    public Set<String> groups() {
        return groups.keySet();
    }

    /**
     * The replica keys of group {@code group}, in configuration order.
     *
     * @throws UnknownBindException if no bind has that key
     */
    public List<String> replicas(String group) {
        ReplicaGroup g = router.group(group);
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

    /** Closes every pool. Connections in use are closed as HikariCP closes its pools. */
    @Override
    public void close() {
        nodes.values().forEach(BindNode::close);
    }

    @Override
    public String toString() {
        return "Binds" + nodes.values().stream().map(n -> n.config().toString()).toList();
    }

    BindNode node(String key) {
        return router.node(key);
    }

    /** Collects binds and listeners; {@link #build()} validates everything at once. */
    public static final class Builder {
        private final Map<String, BindConfig.Builder> binds = new LinkedHashMap<>();
        private final List<BindConfigException.Problem> problems = new ArrayList<>();
        private final List<RouteListener> routeListeners = new ArrayList<>();
        private final List<EngineListener> engineListeners = new ArrayList<>();
        private Map<String, String> environment = System.getenv();

        Builder() {
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

        /** Calls {@code listener} after each routing decision. */
        public Builder onRoute(RouteListener listener) {
            routeListeners.add(listener);
            return this;
        }

        /** Calls {@code listener} when a bind's pool starts. */
        public Builder onEngineCreated(EngineListener listener) {
            engineListeners.add(listener);
            return this;
        }

        BindConfig.Builder bindBuilder(String key) {
            if (key == null || !KEY.matcher(key).matches()) {
                problems.add(new BindConfigException.Problem(String.valueOf(key), "key",
                        "a bind key must be letters, digits, '_', '-' or '@'"));
                return null;
            }
            BindConfig.Builder existing = binds.get(key);
            if (existing != null) {
                problems.add(new BindConfigException.Problem(key, "key", "is defined twice; each bind key must be unique"));
                return existing;
            }
            for (String other : binds.keySet()) {
                if (other.toLowerCase(Locale.ROOT).equals(key.toLowerCase(Locale.ROOT))) {
                    problems.add(new BindConfigException.Problem(key, "key", "differs from bind '" + other
                            + "' only in case; keys are case-sensitive, so this is most likely a duplicate"));
                }
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
            List<BindConfigException.Problem> out = new ArrayList<>(problems);
            if (binds.isEmpty() && out.isEmpty()) {
                out.add(new BindConfigException.Problem(DEFAULT, "url",
                        "no bind is configured: give at least the default bind a URL (bindery.url, url, or bind(\"default\", url))"));
            }
            Placeholders placeholders = new Placeholders(environment);
            List<BindConfig> configs = new ArrayList<>();
            for (BindConfig.Builder b : orderedDefaultFirst()) {
                b.resolvePlaceholders(placeholders);
                BindConfig c = b.validate(out);
                if (c != null) {
                    configs.add(c);
                }
            }
            for (BindConfig c : configs) {
                String primary = c.replicaOf();
                if (primary == null) {
                    continue;
                }
                BindConfig.Builder target = binds.get(primary);
                if (primary.equals(c.key())) {
                    out.add(new BindConfigException.Problem(c.key(), "replicaOf", "a bind cannot be a replica of itself"));
                } else if (target == null) {
                    String hint = dev.bindery.internal.Suggestions.closest(primary, binds.keySet())
                            .map(s -> "; did you mean '" + s + "'?").orElse("; known binds: " + binds.keySet());
                    out.add(new BindConfigException.Problem(c.key(), "replicaOf", "names unknown bind '" + primary + "'" + hint));
                } else {
                    configs.stream().filter(o -> o.key().equals(primary) && o.replicaOf() != null).findFirst().ifPresent(o ->
                            out.add(new BindConfigException.Problem(c.key(), "replicaOf", "names '" + primary
                                    + "', which is itself a replica of '" + o.replicaOf() + "'; point it at the primary '"
                                    + o.replicaOf() + "' instead")));
                }
            }
            if (!out.isEmpty()) {
                throw new BindConfigException(out);
            }
            return new Binds(configs, List.copyOf(routeListeners), List.copyOf(engineListeners));
        }

        private List<BindConfig.Builder> orderedDefaultFirst() {
            List<BindConfig.Builder> ordered = new ArrayList<>(binds.values());
            ordered.sort((a, b) -> Boolean.compare(!a.key().equals(DEFAULT), !b.key().equals(DEFAULT)));
            return ordered;
        }
    }
}
