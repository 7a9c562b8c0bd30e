package dev.bindery;

import dev.bindery.spi.Role;
import dev.bindery.config.BuiltInBalancer;
import dev.bindery.config.BindOption;
import dev.bindery.config.ReplicaFallback;
import dev.bindery.config.Failover;
import dev.bindery.config.TransactionIsolation;
import dev.bindery.internal.Secrets;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The validated, immutable configuration of one bind. A primary carries its group's {@link GroupOptions}; a replica
 * carries none ({@link #groupOptions()} is {@code null}), since its group's options live on the primary.
 * {@link #toString()} masks the password and secret-looking driver properties. Build one through
 * {@link Binds#builder()}, {@link Binds#fromMap(Map)} or {@link Binds#fromProperties(java.util.Properties)}; the table
 * of options is {@link BindOption}.
 */
public record BindConfig(
        String key,
        String url,
        String username,
        String password,
        int poolSize,
        Integer minimumIdle,
        Duration connectionTimeout,
        Duration idleTimeout,
        Duration maxLifetime,
        Duration validationTimeout,
        Duration leakDetectionThreshold,
        boolean readOnly,
        boolean autoCommit,
        TransactionIsolation transactionIsolation,
        String schema,
        String replicaOf,
        String region,
        int weight,
        Duration maxReplicationLag,
        Long maxReplicationLagBytes,
        GroupOptions groupOptions,
        Map<String, String> driverProperties) {

    public BindConfig {
        driverProperties = Map.copyOf(driverProperties);
    }

    /** {@link Role#REPLICA} when the bind is a replica of another, else {@link Role#PRIMARY}. */
    public Role role() {
        return replicaOf == null ? Role.PRIMARY : Role.REPLICA;
    }

    /** Whether connections are opened read-only: replicas always are, other binds when configured so. */
    public boolean isReadOnly() {
        return readOnly || replicaOf != null;
    }

    /** The URL with any password masked, safe to print. */
    public String maskedUrl() {
        return Secrets.maskUrl(url);
    }

    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(", ", "BindConfig[", "]");
        j.add("key=" + key).add("url=" + maskedUrl());
        if (username != null) {
            j.add("username=" + username);
        }
        if (password != null) {
            j.add("password=" + Secrets.MASK);
        }
        j.add("role=" + role().name().toLowerCase(Locale.ROOT));
        if (replicaOf != null) {
            j.add("replicaOf=" + replicaOf);
        }
        if (region != null) {
            j.add("region=" + region);
        }
        j.add("poolSize=" + poolSize).add("readOnly=" + isReadOnly());
        if (!driverProperties.isEmpty()) {
            j.add("driverProperties=" + Secrets.maskMap(driverProperties));
        }
        return j.toString();
    }

    /** Starts a builder for the bind {@code key}. */
    public static Builder builder(String key) {
        return new Builder(key);
    }

    /**
     * Collects one bind's options, typed (from code) or raw (from maps, files and the environment). Nothing is checked
     * here: problems are collected and reported together, each naming the bind and the field, when
     * {@link Binds.Builder#build()} validates. {@code ${NAME}} placeholders in any value are resolved then too.
     */
    public static final class Builder {
        final String key;
        final List<BindConfigException.Problem> problems = new ArrayList<>();
        /** Raw values with placeholders, by option name, applied once the environment is known. */
        final Map<String, String> unresolved = new LinkedHashMap<>();
        /** The group options set on this bind, so that a replica that sets one is told to set it on its primary. */
        final Set<BindOption> groupOptionsSet = EnumSet.noneOf(BindOption.class);
        String url;
        String username;
        String password;
        int poolSize = 10;
        Integer minimumIdle;
        Duration connectionTimeout = Duration.ofSeconds(30);
        Duration idleTimeout = Duration.ofMinutes(10);
        Duration maxLifetime = Duration.ofMinutes(30);
        Duration validationTimeout = Duration.ofSeconds(5);
        Duration leakDetectionThreshold = Duration.ZERO;
        boolean readOnly;
        boolean autoCommit = true;
        TransactionIsolation transactionIsolation;
        String schema;
        String replicaOf;
        String region;
        int weight = 1;
        Duration maxReplicationLag;
        Long maxReplicationLagBytes;
        BuiltInBalancer balancer = GroupOptions.DEFAULTS.balancer();
        ReplicaFallback replicaFallback = GroupOptions.DEFAULTS.replicaFallback();
        Duration healthCheckInterval = GroupOptions.DEFAULTS.healthCheckInterval();
        Duration healthCheckTimeout = GroupOptions.DEFAULTS.healthCheckTimeout();
        int ejectAfterFailures = GroupOptions.DEFAULTS.ejectAfterFailures();
        int readmitAfterSuccesses = GroupOptions.DEFAULTS.readmitAfterSuccesses();
        Duration causalWait = GroupOptions.DEFAULTS.causalWait();
        Failover failover = GroupOptions.DEFAULTS.failover();
        /** Binds-wide: read off the default bind by {@link BindsValidator}, refused on a named bind. */
        String tokenKeys;
        final Map<String, String> driverProperties = new LinkedHashMap<>();

        Builder(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        public Builder url(String url) {
            this.url = url;
            return this;
        }

        public Builder username(String username) {
            this.username = username;
            return this;
        }

        public Builder password(String password) {
            this.password = password;
            return this;
        }

        public Builder poolSize(int poolSize) {
            this.poolSize = poolSize;
            return this;
        }

        public Builder minimumIdle(int minimumIdle) {
            this.minimumIdle = minimumIdle;
            return this;
        }

        public Builder connectionTimeout(Duration connectionTimeout) {
            this.connectionTimeout = connectionTimeout;
            return this;
        }

        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
            return this;
        }

        public Builder maxLifetime(Duration maxLifetime) {
            this.maxLifetime = maxLifetime;
            return this;
        }

        public Builder validationTimeout(Duration validationTimeout) {
            this.validationTimeout = validationTimeout;
            return this;
        }

        public Builder leakDetectionThreshold(Duration leakDetectionThreshold) {
            this.leakDetectionThreshold = leakDetectionThreshold;
            return this;
        }

        public Builder readOnly(boolean readOnly) {
            this.readOnly = readOnly;
            return this;
        }

        public Builder autoCommit(boolean autoCommit) {
            this.autoCommit = autoCommit;
            return this;
        }

        public Builder transactionIsolation(TransactionIsolation transactionIsolation) {
            this.transactionIsolation = transactionIsolation;
            return this;
        }

        public Builder schema(String schema) {
            this.schema = schema;
            return this;
        }

        /** Makes this bind a read-only replica of the bind {@code primaryKey}. */
        public Builder replicaOf(String primaryKey) {
            this.replicaOf = primaryKey;
            return this;
        }

        public Builder region(String region) {
            this.region = region;
            return this;
        }

        public Builder weight(int weight) {
            this.weight = weight;
            return this;
        }

        public Builder maxReplicationLag(Duration maxReplicationLag) {
            this.maxReplicationLag = maxReplicationLag;
            return this;
        }

        public Builder maxReplicationLagBytes(long maxReplicationLagBytes) {
            this.maxReplicationLagBytes = maxReplicationLagBytes;
            return this;
        }

        /** Group option, on a primary only: how its group spreads reads over the replicas. */
        public Builder balancer(BuiltInBalancer balancer) {
            this.balancer = balancer;
            groupOptionsSet.add(BindOption.BALANCER);
            return this;
        }

        /** Group option, on a primary only: what reads do when no replica is usable. */
        public Builder replicaFallback(ReplicaFallback replicaFallback) {
            this.replicaFallback = replicaFallback;
            groupOptionsSet.add(BindOption.REPLICA_FALLBACK);
            return this;
        }

        /** Group option, on a primary only: how often its group's members are checked. */
        public Builder healthCheckInterval(Duration healthCheckInterval) {
            this.healthCheckInterval = healthCheckInterval;
            groupOptionsSet.add(BindOption.HEALTH_CHECK_INTERVAL);
            return this;
        }

        /** Group option, on a primary only: the timeout of one health check. */
        public Builder healthCheckTimeout(Duration healthCheckTimeout) {
            this.healthCheckTimeout = healthCheckTimeout;
            groupOptionsSet.add(BindOption.HEALTH_CHECK_TIMEOUT);
            return this;
        }

        /** Group option, on a primary only: failed checks before a member is ejected. */
        public Builder ejectAfterFailures(int ejectAfterFailures) {
            this.ejectAfterFailures = ejectAfterFailures;
            groupOptionsSet.add(BindOption.EJECT_AFTER_FAILURES);
            return this;
        }

        /** Group option, on a primary only: good checks before an ejected member is re-admitted. */
        public Builder readmitAfterSuccesses(int readmitAfterSuccesses) {
            this.readmitAfterSuccesses = readmitAfterSuccesses;
            groupOptionsSet.add(BindOption.READMIT_AFTER_SUCCESSES);
            return this;
        }

        /** Group option, on a primary only: how long a read with a causal token may wait for a replica. */
        public Builder causalWait(Duration causalWait) {
            this.causalWait = causalWait;
            groupOptionsSet.add(BindOption.CAUSAL_WAIT);
            return this;
        }

        /**
         * Group option, on a primary only: {@link Failover#FOLLOW} finds the members' roles from the databases at each
         * health check, so the group follows a promoted replica and fences an old primary; {@link Failover#NONE} (the
         * default) keeps the configured roles.
         */
        public Builder failover(Failover failover) {
            this.failover = failover;
            groupOptionsSet.add(BindOption.FAILOVER);
            return this;
        }

        public Builder driverProperty(String name, String value) {
            this.driverProperties.put(name, value);
            return this;
        }

        /**
         * Sets an option by its configuration name from a raw value (a string from a file, or an object from a map).
         * An unknown name or a value of the wrong type is recorded as a problem, reported when the binds are built.
         * A value with {@code ${NAME}} placeholders is converted once they are resolved, at build time.
         */
        public Builder option(String name, Object raw) {
            RawOptions.apply(this, name, raw);
            return this;
        }

        void problem(String field, String message) {
            problems.add(new BindConfigException.Problem(key, field, message));
        }
    }
}
