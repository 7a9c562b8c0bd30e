package dev.bindery;

import dev.bindery.config.TransactionIsolation;
import dev.bindery.config.ReplicaFallback;
import dev.bindery.config.BindOption;
import dev.bindery.config.Balancing;
import dev.bindery.internal.OptionValues;
import dev.bindery.internal.Secrets;
import dev.bindery.internal.Suggestions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The validated, immutable configuration of one bind. {@link #toString()} masks the password and secret-looking
 * driver properties. Build one through {@link Binds#builder()}, {@link Binds#fromMap(Map)} or
 * {@link Binds#fromProperties(java.util.Properties)}; the table of options is {@link BindOption}.
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
        Balancing balancing,
        ReplicaFallback replicaFallback,
        Duration healthCheckInterval,
        Duration healthCheckTimeout,
        int ejectAfterFailures,
        int readmitAfterSuccesses,
        Duration causalWait,
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
        j.add("role=" + role().name().toLowerCase(java.util.Locale.ROOT));
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
     * Collects one bind's options, typed (from code) or raw (from maps, files and the environment). Problems are
     * collected, not thrown, and reported together when {@link Binds.Builder#build()} validates.
     */
    public static final class Builder {
        private final String key;
        private final List<BindConfigException.Problem> problems = new ArrayList<>();
        private String url;
        private String username;
        private String password;
        private int poolSize = 10;
        private Integer minimumIdle;
        private Duration connectionTimeout = Duration.ofSeconds(30);
        private Duration idleTimeout = Duration.ofMinutes(10);
        private Duration maxLifetime = Duration.ofMinutes(30);
        private Duration validationTimeout = Duration.ofSeconds(5);
        private Duration leakDetectionThreshold = Duration.ZERO;
        private boolean readOnly;
        private boolean autoCommit = true;
        private TransactionIsolation transactionIsolation;
        private String schema;
        private String replicaOf;
        private String region;
        private int weight = 1;
        private Duration maxReplicationLag;
        private Long maxReplicationLagBytes;
        private Balancing balancing = Balancing.ROUND_ROBIN;
        private ReplicaFallback replicaFallback = ReplicaFallback.PRIMARY;
        private Duration healthCheckInterval = Duration.ofSeconds(2);
        private Duration healthCheckTimeout = Duration.ofSeconds(1);
        private int ejectAfterFailures = 2;
        private int readmitAfterSuccesses = 2;
        private Duration causalWait = Duration.ZERO;
        private String tokenKeys;
        private final Map<String, String> driverProperties = new LinkedHashMap<>();

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

        public Builder balancing(Balancing balancing) {
            this.balancing = balancing;
            return this;
        }

        public Builder replicaFallback(ReplicaFallback replicaFallback) {
            this.replicaFallback = replicaFallback;
            return this;
        }

        public Builder healthCheckInterval(Duration healthCheckInterval) {
            this.healthCheckInterval = healthCheckInterval;
            return this;
        }

        public Builder healthCheckTimeout(Duration healthCheckTimeout) {
            this.healthCheckTimeout = healthCheckTimeout;
            return this;
        }

        public Builder ejectAfterFailures(int ejectAfterFailures) {
            this.ejectAfterFailures = ejectAfterFailures;
            return this;
        }

        public Builder readmitAfterSuccesses(int readmitAfterSuccesses) {
            this.readmitAfterSuccesses = readmitAfterSuccesses;
            return this;
        }

        public Builder causalWait(Duration causalWait) {
            this.causalWait = causalWait;
            return this;
        }

        public Builder driverProperty(String name, String value) {
            this.driverProperties.put(name, value);
            return this;
        }

        /**
         * Sets an option by its configuration name from a raw value (a string from a file, or an object from a map).
         * An unknown name or a value of the wrong type is recorded as a problem, reported when the binds are built.
         */
        public Builder option(String name, Object raw) {
            if (name.startsWith(BindOption.DRIVER_PROPERTIES.optionName() + ".")) {
                driverProperty(name.substring(BindOption.DRIVER_PROPERTIES.optionName().length() + 1), String.valueOf(raw));
                return this;
            }
            BindOption option = BindOption.byName(name).orElse(null);
            if (option == null) {
                List<String> names = Arrays.stream(BindOption.values()).map(BindOption::optionName).toList();
                String hint = Suggestions.closest(name, names).map(s -> "; did you mean '" + s + "'?")
                        .orElse("; known options: " + names);
                problem(name, "unknown option" + hint);
                return this;
            }
            try {
                apply(option, raw);
            } catch (OptionValues.InvalidValue e) {
                problem(name, option == BindOption.PASSWORD || option == BindOption.TOKEN_KEYS ? "must be a string" : e.getMessage());
            }
            return this;
        }

        private void apply(BindOption option, Object raw) throws OptionValues.InvalidValue {
            switch (option) {
                case URL -> url = OptionValues.string(raw);
                case USERNAME -> username = OptionValues.string(raw);
                case PASSWORD -> password = OptionValues.string(raw);
                case POOL_SIZE -> poolSize = OptionValues.integer(raw);
                case MINIMUM_IDLE -> minimumIdle = OptionValues.integer(raw);
                case CONNECTION_TIMEOUT -> connectionTimeout = OptionValues.duration(raw);
                case IDLE_TIMEOUT -> idleTimeout = OptionValues.duration(raw);
                case MAX_LIFETIME -> maxLifetime = OptionValues.duration(raw);
                case VALIDATION_TIMEOUT -> validationTimeout = OptionValues.duration(raw);
                case LEAK_DETECTION_THRESHOLD -> leakDetectionThreshold = OptionValues.duration(raw);
                case READ_ONLY -> readOnly = OptionValues.bool(raw);
                case AUTO_COMMIT -> autoCommit = OptionValues.bool(raw);
                case TRANSACTION_ISOLATION -> transactionIsolation = OptionValues.isolation(raw);
                case SCHEMA -> schema = OptionValues.string(raw);
                case REPLICA_OF -> replicaOf = OptionValues.string(raw);
                case REGION -> region = OptionValues.string(raw);
                case WEIGHT -> weight = OptionValues.integer(raw);
                case MAX_REPLICATION_LAG -> maxReplicationLag = OptionValues.duration(raw);
                case MAX_REPLICATION_LAG_BYTES -> maxReplicationLagBytes = OptionValues.bytes(raw);
                case BALANCER -> balancing = OptionValues.balancing(raw);
                case REPLICA_FALLBACK -> replicaFallback = OptionValues.fallback(raw);
                case HEALTH_CHECK_INTERVAL -> healthCheckInterval = OptionValues.duration(raw);
                case HEALTH_CHECK_TIMEOUT -> healthCheckTimeout = OptionValues.duration(raw);
                case EJECT_AFTER_FAILURES -> ejectAfterFailures = OptionValues.integer(raw);
                case READMIT_AFTER_SUCCESSES -> readmitAfterSuccesses = OptionValues.integer(raw);
                case CAUSAL_WAIT -> causalWait = OptionValues.duration(raw);
                case TOKEN_KEYS -> tokenKeys = OptionValues.string(raw);
                case DRIVER_PROPERTIES -> driverProperties.putAll(OptionValues.stringMap(raw));
            }
        }

        void problem(String field, String message) {
            problems.add(new BindConfigException.Problem(key, field, message));
        }

        /** Validates the options of this bind alone, adding problems to {@code out}; returns the config when valid. */
        BindConfig validate(List<BindConfigException.Problem> out) {
            int before = out.size();
            out.addAll(problems);
            if (url == null || url.isBlank()) {
                out.add(new BindConfigException.Problem(key, "url", "is required: give the bind a JDBC URL"));
            } else if (!url.startsWith("jdbc:")) {
                out.add(new BindConfigException.Problem(key, "url", "must start with 'jdbc:', was '" + Secrets.maskUrl(url) + "'"));
            }
            range(out, "poolSize", poolSize, 1, 10_000);
            if (minimumIdle != null) {
                range(out, "minimumIdle", minimumIdle, 0, poolSize);
            }
            range(out, "weight", weight, 1, 1000);
            range(out, "ejectAfterFailures", ejectAfterFailures, 1, 1000);
            range(out, "readmitAfterSuccesses", readmitAfterSuccesses, 1, 1000);
            atLeast(out, "connectionTimeout", connectionTimeout, Duration.ofMillis(250));
            atLeast(out, "validationTimeout", validationTimeout, Duration.ofMillis(250));
            atLeast(out, "idleTimeout", idleTimeout, Duration.ZERO);
            atLeast(out, "maxLifetime", maxLifetime, Duration.ZERO);
            atLeast(out, "leakDetectionThreshold", leakDetectionThreshold, Duration.ZERO);
            atLeast(out, "healthCheckInterval", healthCheckInterval, Duration.ofMillis(50));
            atLeast(out, "healthCheckTimeout", healthCheckTimeout, Duration.ofMillis(50));
            atLeast(out, "causalWait", causalWait, Duration.ZERO);
            if (maxReplicationLag != null) {
                atLeast(out, "maxReplicationLag", maxReplicationLag, Duration.ZERO);
            }
            if (maxReplicationLagBytes != null && maxReplicationLagBytes < 0) {
                out.add(new BindConfigException.Problem(key, "maxReplicationLagBytes", "must not be negative"));
            }
            if (out.size() != before) {
                return null;
            }
            return new BindConfig(key, url, username, password, poolSize, minimumIdle, connectionTimeout, idleTimeout,
                    maxLifetime, validationTimeout, leakDetectionThreshold, readOnly, autoCommit, transactionIsolation, schema,
                    replicaOf, region, weight, maxReplicationLag, maxReplicationLagBytes, balancing, replicaFallback,
                    healthCheckInterval, healthCheckTimeout, ejectAfterFailures, readmitAfterSuccesses, causalWait,
                    driverProperties);
        }

        private void range(List<BindConfigException.Problem> out, String field, int value, int min, int max) {
            if (value < min || value > max) {
                out.add(new BindConfigException.Problem(key, field, "must be between " + min + " and " + max + ", was " + value));
            }
        }

        private void atLeast(List<BindConfigException.Problem> out, String field, Duration value, Duration min) {
            if (value == null || value.compareTo(min) < 0) {
                out.add(new BindConfigException.Problem(key, field, "must be at least " + min.toMillis() + "ms, was "
                        + (value == null ? "null" : value.toMillis() + "ms")));
            }
        }

        /** The {@code tokenKeys} option as configured (a Binds-wide option, read off the default bind), or {@code null}. */
        String tokenKeys() {
            return tokenKeys;
        }

        /** A bind of a regional group ({@code users@eu}) lies in the region its key names, unless configured otherwise. */
        void regionFromKey() {
            int at = key.indexOf('@');
            if (at > 0 && replicaOf == null) {
                String suffix = key.substring(at + 1);
                if (region == null) {
                    region = suffix;
                } else if (!region.equals(suffix)) {
                    problem("region", "is '" + region + "', but the key names region '" + suffix
                            + "'; a regional group's primary must lie in the region its key names");
                }
            }
        }

        /** Resolves {@code ${NAME}} placeholders in every string value, recording a problem for each missing variable. */
        void resolvePlaceholders(Placeholders placeholders) {
            url = placeholders.resolve(this, "url", url);
            username = placeholders.resolve(this, "username", username);
            password = placeholders.resolve(this, "password", password);
            schema = placeholders.resolve(this, "schema", schema);
            region = placeholders.resolve(this, "region", region);
            tokenKeys = placeholders.resolve(this, "tokenKeys", tokenKeys);
            driverProperties.replaceAll((k, v) -> placeholders.resolve(this, "driverProperties." + k, v));
        }
    }
}
