package dev.bindery.spring.boot;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The options of one bind as Spring properties ({@code bindery.<option>} for the default bind,
 * {@code bindery.binds.<key>.<option>} for the others), in Spring's relaxed forms ({@code pool-size},
 * {@code poolSize}, {@code BINDERY_POOLSIZE}). Every value is kept as text and handed to Bindery's own parsing and
 * validation, which reports every problem at once, so {@code 30s}, {@code 16mb} and {@code ${NAME}} mean what
 * they mean in a properties file. Generated from {@code BindOption}; {@code BindPropertiesTest} keeps them equal.
 */
public class BindProperties {
    /** JDBC URL of the database. Default: (required). */
    private String url;
    /** Database user. Default: (none). */
    private String username;
    /** Database password. Never logged or shown; use ${ENV_VAR} to read it from the environment. Default: (none). */
    private String password;
    /** Maximum connections in this bind's HikariCP pool (1-10000). Default: 10. */
    private String poolSize;
    /** Idle connections HikariCP keeps once the pool has started. Default: same as poolSize. */
    private String minimumIdle;
    /** How long to wait for a connection from the pool (250ms to 1d). Default: 30s. */
    private String connectionTimeout;
    /** How long an idle connection may stay in the pool (0 to 365d). Default: 10m. */
    private String idleTimeout;
    /** Maximum lifetime of a pooled connection (0 to 365d). Default: 30m. */
    private String maxLifetime;
    /** How long HikariCP waits for a connection to prove alive (250ms to 1d). Default: 5s. */
    private String validationTimeout;
    /** Log a warning for a connection held longer than this (0 to 365d). Default: 0 (off). */
    private String leakDetectionThreshold;
    /** Open connections read-only; writes routed here are refused. Default: false (true for replicas). */
    private String readOnly;
    /** Default auto-commit mode of the bind's connections. Default: true. */
    private String autoCommit;
    /** READ_UNCOMMITTED, READ_COMMITTED, REPEATABLE_READ or SERIALIZABLE. Default: driver default. */
    private String transactionIsolation;
    /** Default schema of the bind's connections. Default: driver default. */
    private String schema;
    /** Key of the primary this bind replicates; makes the bind a read-only replica. Default: (none). */
    private String replicaOf;
    /** Region the bind's data lives in (eu, us-east, ...), for data residency. Default: (none). */
    private String region;
    /** Share of reads for this replica under the weighted balancer (1-1000). Default: 1. */
    private String weight;
    /** A replica lagging more than this receives no reads (0 to 365d). Default: (unbounded). */
    private String maxReplicationLag;
    /** A replica more than this far behind receives no reads: WAL bytes on PostgreSQL (16mb, 1gb, ...), transactions (GTID) on MariaDB. Default: (unbounded). */
    private String maxReplicationLagBytes;
    /** Group option (on the primary only): round-robin, random, weighted or least-busy. Default: round-robin. */
    private String balancer;
    /** Group option (on the primary only): with no usable replica, reads go to the primary, or fail. Default: primary. */
    private String replicaFallback;
    /** Group option (on the primary only): how often replicas are checked (50ms to 1d). Default: 2s. */
    private String healthCheckInterval;
    /** Group option (on the primary only): timeout of one health check (50ms to 1h). Default: 1s. */
    private String healthCheckTimeout;
    /** Group option (on the primary only): failed checks before a replica is ejected (1-1000). Default: 2. */
    private String ejectAfterFailures;
    /** Group option (on the primary only): good checks before an ejected replica is re-admitted (1-1000). Default: 2. */
    private String readmitAfterSuccesses;
    /** Group option (on the primary only): how long a read with a causal token may wait for a replica to catch up (0 to 1m). Default: 0ms. */
    private String causalWait;
    /**
     * Group option (on the primary only): none (roles as configured) or follow (roles found from the databases at each
     * health check: a promoted replica becomes the primary, an old primary that comes back is fenced); PostgreSQL and
     * MariaDB only. Default: none.
     */
    private String failover;
    /** Properties passed to the JDBC driver: driver-properties.<name>=<value>. */
    private Map<String, String> driverProperties = new LinkedHashMap<>();

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public String getPoolSize() {
        return poolSize;
    }

    public void setPoolSize(String poolSize) {
        this.poolSize = poolSize;
    }

    public String getMinimumIdle() {
        return minimumIdle;
    }

    public void setMinimumIdle(String minimumIdle) {
        this.minimumIdle = minimumIdle;
    }

    public String getConnectionTimeout() {
        return connectionTimeout;
    }

    public void setConnectionTimeout(String connectionTimeout) {
        this.connectionTimeout = connectionTimeout;
    }

    public String getIdleTimeout() {
        return idleTimeout;
    }

    public void setIdleTimeout(String idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    public String getMaxLifetime() {
        return maxLifetime;
    }

    public void setMaxLifetime(String maxLifetime) {
        this.maxLifetime = maxLifetime;
    }

    public String getValidationTimeout() {
        return validationTimeout;
    }

    public void setValidationTimeout(String validationTimeout) {
        this.validationTimeout = validationTimeout;
    }

    public String getLeakDetectionThreshold() {
        return leakDetectionThreshold;
    }

    public void setLeakDetectionThreshold(String leakDetectionThreshold) {
        this.leakDetectionThreshold = leakDetectionThreshold;
    }

    public String getReadOnly() {
        return readOnly;
    }

    public void setReadOnly(String readOnly) {
        this.readOnly = readOnly;
    }

    public String getAutoCommit() {
        return autoCommit;
    }

    public void setAutoCommit(String autoCommit) {
        this.autoCommit = autoCommit;
    }

    public String getTransactionIsolation() {
        return transactionIsolation;
    }

    public void setTransactionIsolation(String transactionIsolation) {
        this.transactionIsolation = transactionIsolation;
    }

    public String getSchema() {
        return schema;
    }

    public void setSchema(String schema) {
        this.schema = schema;
    }

    public String getReplicaOf() {
        return replicaOf;
    }

    public void setReplicaOf(String replicaOf) {
        this.replicaOf = replicaOf;
    }

    public String getRegion() {
        return region;
    }

    public void setRegion(String region) {
        this.region = region;
    }

    public String getWeight() {
        return weight;
    }

    public void setWeight(String weight) {
        this.weight = weight;
    }

    public String getMaxReplicationLag() {
        return maxReplicationLag;
    }

    public void setMaxReplicationLag(String maxReplicationLag) {
        this.maxReplicationLag = maxReplicationLag;
    }

    public String getMaxReplicationLagBytes() {
        return maxReplicationLagBytes;
    }

    public void setMaxReplicationLagBytes(String maxReplicationLagBytes) {
        this.maxReplicationLagBytes = maxReplicationLagBytes;
    }

    public String getBalancer() {
        return balancer;
    }

    public void setBalancer(String balancer) {
        this.balancer = balancer;
    }

    public String getReplicaFallback() {
        return replicaFallback;
    }

    public void setReplicaFallback(String replicaFallback) {
        this.replicaFallback = replicaFallback;
    }

    public String getHealthCheckInterval() {
        return healthCheckInterval;
    }

    public void setHealthCheckInterval(String healthCheckInterval) {
        this.healthCheckInterval = healthCheckInterval;
    }

    public String getHealthCheckTimeout() {
        return healthCheckTimeout;
    }

    public void setHealthCheckTimeout(String healthCheckTimeout) {
        this.healthCheckTimeout = healthCheckTimeout;
    }

    public String getEjectAfterFailures() {
        return ejectAfterFailures;
    }

    public void setEjectAfterFailures(String ejectAfterFailures) {
        this.ejectAfterFailures = ejectAfterFailures;
    }

    public String getReadmitAfterSuccesses() {
        return readmitAfterSuccesses;
    }

    public void setReadmitAfterSuccesses(String readmitAfterSuccesses) {
        this.readmitAfterSuccesses = readmitAfterSuccesses;
    }

    public String getCausalWait() {
        return causalWait;
    }

    public void setCausalWait(String causalWait) {
        this.causalWait = causalWait;
    }

    public String getFailover() {
        return failover;
    }

    public void setFailover(String failover) {
        this.failover = failover;
    }

    public Map<String, String> getDriverProperties() {
        return driverProperties;
    }

    public void setDriverProperties(Map<String, String> driverProperties) {
        this.driverProperties = driverProperties;
    }

    /** The options set, by their names in {@code Binds.fromMap} (the driver properties as a map), for core to validate. */
    Map<String, Object> options() {
        Map<String, Object> out = new LinkedHashMap<>();
        put(out, "url", url);
        put(out, "username", username);
        put(out, "password", password);
        put(out, "poolSize", poolSize);
        put(out, "minimumIdle", minimumIdle);
        put(out, "connectionTimeout", connectionTimeout);
        put(out, "idleTimeout", idleTimeout);
        put(out, "maxLifetime", maxLifetime);
        put(out, "validationTimeout", validationTimeout);
        put(out, "leakDetectionThreshold", leakDetectionThreshold);
        put(out, "readOnly", readOnly);
        put(out, "autoCommit", autoCommit);
        put(out, "transactionIsolation", transactionIsolation);
        put(out, "schema", schema);
        put(out, "replicaOf", replicaOf);
        put(out, "region", region);
        put(out, "weight", weight);
        put(out, "maxReplicationLag", maxReplicationLag);
        put(out, "maxReplicationLagBytes", maxReplicationLagBytes);
        put(out, "balancer", balancer);
        put(out, "replicaFallback", replicaFallback);
        put(out, "healthCheckInterval", healthCheckInterval);
        put(out, "healthCheckTimeout", healthCheckTimeout);
        put(out, "ejectAfterFailures", ejectAfterFailures);
        put(out, "readmitAfterSuccesses", readmitAfterSuccesses);
        put(out, "causalWait", causalWait);
        put(out, "failover", failover);
        if (driverProperties != null && !driverProperties.isEmpty()) {
            out.put("driverProperties", new LinkedHashMap<>(driverProperties));
        }
        return out;
    }

    private static void put(Map<String, Object> out, String name, String value) {
        if (value != null) {
            out.put(name, value);
        }
    }
}
