package dev.bindery.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every option a bind accepts, with its name in maps and properties files, its default and what it does.
 * This table is the single source for parsing, validation, typo suggestions and the README's settings table.
 */
public enum BindOption {
    URL("url", "(required)", "JDBC URL of the database."),
    USERNAME("username", "(none)", "Database user."),
    PASSWORD("password", "(none)", "Database password. Never logged or shown; use ${ENV_VAR} to read it from the environment."),
    POOL_SIZE("poolSize", "10", "Maximum connections in this bind's HikariCP pool (1-10000)."),
    MINIMUM_IDLE("minimumIdle", "same as poolSize", "Idle connections HikariCP keeps once the pool has started."),
    CONNECTION_TIMEOUT("connectionTimeout", "30s", "How long to wait for a connection from the pool (250ms to 1d)."),
    IDLE_TIMEOUT("idleTimeout", "10m", "How long an idle connection may stay in the pool (0 to 365d)."),
    MAX_LIFETIME("maxLifetime", "30m", "Maximum lifetime of a pooled connection (0 to 365d)."),
    VALIDATION_TIMEOUT("validationTimeout", "5s", "How long HikariCP waits for a connection to prove alive (250ms to 1d)."),
    LEAK_DETECTION_THRESHOLD("leakDetectionThreshold", "0 (off)", "Log a warning for a connection held longer than this (0 to 365d)."),
    READ_ONLY("readOnly", "false (true for replicas)", "Open connections read-only; writes routed here are refused."),
    AUTO_COMMIT("autoCommit", "true", "Default auto-commit mode of the bind's connections."),
    TRANSACTION_ISOLATION("transactionIsolation", "driver default",
            "READ_UNCOMMITTED, READ_COMMITTED, REPEATABLE_READ or SERIALIZABLE."),
    SCHEMA("schema", "driver default", "Default schema of the bind's connections."),
    REPLICA_OF("replicaOf", "(none)", "Key of the primary this bind replicates; makes the bind a read-only replica."),
    REGION("region", "(none)", "Region the bind's data lives in (eu, us-east, ...), for data residency."),
    WEIGHT("weight", "1", "Share of reads for this replica under the weighted balancer (1-1000)."),
    MAX_REPLICATION_LAG("maxReplicationLag", "(unbounded)", "A replica lagging more than this receives no reads (0 to 365d)."),
    MAX_REPLICATION_LAG_BYTES("maxReplicationLagBytes", "(unbounded)",
            "A replica more than this far behind receives no reads: WAL bytes on PostgreSQL (16mb, 1gb, ...), transactions (GTID) on MariaDB."),
    BALANCER("balancer", "round-robin", "Group option (on the primary only): round-robin, random, weighted or least-busy."),
    REPLICA_FALLBACK("replicaFallback", "primary",
            "Group option (on the primary only): with no usable replica, reads go to the primary, or fail."),
    HEALTH_CHECK_INTERVAL("healthCheckInterval", "2s", "Group option (on the primary only): how often replicas are checked (50ms to 1d)."),
    HEALTH_CHECK_TIMEOUT("healthCheckTimeout", "1s", "Group option (on the primary only): timeout of one health check (50ms to 1h)."),
    EJECT_AFTER_FAILURES("ejectAfterFailures", "2", "Group option (on the primary only): failed checks before a replica is ejected (1-1000)."),
    READMIT_AFTER_SUCCESSES("readmitAfterSuccesses", "2",
            "Group option (on the primary only): good checks before an ejected replica is re-admitted (1-1000)."),
    CAUSAL_WAIT("causalWait", "0ms",
            "Group option (on the primary only): how long a read with a causal token may wait for a replica to catch up (0 to 1m)."),
    FAILOVER("failover", "none",
            "Group option (on the primary only): none (roles as configured) or follow (roles found from the databases at each "
                    + "health check: a promoted replica becomes the primary, an old primary that comes back is fenced); "
                    + "PostgreSQL and MariaDB only."),
    TOKEN_KEYS("tokenKeys", "a random key per process",
            "Binds-wide, set at the top level (bindery.tokenKeys, BINDERY_TOKEN_KEYS): keys that sign the causal tokens and "
                    + "read-your-writes windows clients carry, comma-separated, each at least 32 bytes; the first signs, all "
                    + "verify. Never logged or shown; use ${ENV_VAR}."),
    DRIVER_PROPERTIES("driverProperties", "(none)",
            "Properties passed to the JDBC driver (a map; in properties files driverProperties.<name>=<value>).");

    private static final Map<String, BindOption> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(BindOption::optionName, Function.identity()));

    private final String optionName;
    private final String defaultValue;
    private final String description;

    BindOption(String optionName, String defaultValue, String description) {
        this.optionName = optionName;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** The name used in maps, properties files and (upper-cased) environment variables. */
    public String optionName() {
        return optionName;
    }

    /** The default, as a human would write it. */
    public String defaultValue() {
        return defaultValue;
    }

    /** One line on what the option does. */
    public String description() {
        return description;
    }

    /**
     * Whether this is an option of the replica group, set on its primary only: {@code balancer}, {@code replicaFallback},
     * {@code healthCheckInterval}, {@code healthCheckTimeout}, {@code ejectAfterFailures}, {@code readmitAfterSuccesses},
     * {@code causalWait} and {@code failover}. On a replica it is a configuration error.
     */
    public boolean isGroupOption() {
        return switch (this) {
            case BALANCER, REPLICA_FALLBACK, HEALTH_CHECK_INTERVAL, HEALTH_CHECK_TIMEOUT, EJECT_AFTER_FAILURES,
                    READMIT_AFTER_SUCCESSES, CAUSAL_WAIT, FAILOVER -> true;
            default -> false;
        };
    }

    /** Looks an option up by its exact name. */
    public static Optional<BindOption> byName(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(BY_NAME.get(name));
    }

    /** Looks an option up by its name ignoring case and underscores, as environment variables spell it. */
    public static Optional<BindOption> byLooseName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String loose = name.replace("_", "").toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(o -> o.optionName.toLowerCase(Locale.ROOT).equals(loose)).findFirst();
    }
}
