package dev.bindery;

import dev.bindery.internal.OptionValues;
import dev.bindery.internal.Secrets;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the options of one bind on their own (the checks across binds are {@link BindsValidator}'s): placeholders
 * resolve, the URL is a JDBC URL, and every number and duration lies in its range, so that nothing can overflow once
 * the bind runs (durations end up as nanoseconds in waits and as milliseconds in HikariCP).
 */
final class BindValidator {
    static final Duration ONE_HOUR = Duration.ofHours(1);
    static final Duration ONE_DAY = Duration.ofDays(1);
    static final Duration ONE_YEAR = Duration.ofDays(365);

    private final List<BindConfigException.Problem> out;
    private final BindConfig.Builder b;

    private BindValidator(BindConfig.Builder b, List<BindConfigException.Problem> out) {
        this.b = b;
        this.out = out;
    }

    /**
     * Resolves {@code b}'s placeholders from {@code placeholders}, validates its options and returns the config, or
     * {@code null} after adding each problem to {@code out}.
     */
    static BindConfig validate(BindConfig.Builder b, Placeholders placeholders, List<BindConfigException.Problem> out) {
        int before = out.size();
        resolvePlaceholders(b, placeholders);
        regionFromKey(b);
        out.addAll(b.problems);
        new BindValidator(b, out).check();
        return out.size() == before ? toConfig(b) : null;
    }

    /** Resolves placeholders in the string fields set from code, then converts the raw values that waited for them. */
    private static void resolvePlaceholders(BindConfig.Builder b, Placeholders placeholders) {
        b.url = placeholders.resolve(b, "url", b.url);
        b.username = placeholders.resolve(b, "username", b.username);
        b.password = placeholders.resolve(b, "password", b.password);
        b.schema = placeholders.resolve(b, "schema", b.schema);
        b.region = placeholders.resolve(b, "region", b.region);
        b.replicaOf = placeholders.resolve(b, "replicaOf", b.replicaOf);
        b.tokenKeys = placeholders.resolve(b, "tokenKeys", b.tokenKeys);
        b.driverProperties.replaceAll((k, v) -> placeholders.resolve(b, "driverProperties." + k, v));
        Map<String, String> waiting = new LinkedHashMap<>(b.unresolved);
        b.unresolved.clear();
        for (Map.Entry<String, String> e : waiting.entrySet()) {
            int problems = b.problems.size();
            String value = placeholders.resolve(b, e.getKey(), e.getValue());
            if (b.problems.size() == problems) {
                RawOptions.applyResolved(b, e.getKey(), value);
                if (b.problems.size() > problems) {
                    // Name the placeholder, not what it resolved to: the variable may hold a secret by mistake.
                    BindConfigException.Problem p = b.problems.remove(b.problems.size() - 1);
                    b.problems.add(new BindConfigException.Problem(p.key(), p.field(), p.message()
                            .replace("'" + value + "'", "'" + e.getValue() + "' (as resolved from the environment)")));
                }
            }
        }
    }

    /** A bind of a regional group ({@code users@eu}) lies in the region its key names, unless configured otherwise. */
    private static void regionFromKey(BindConfig.Builder b) {
        String suffix = dev.bindery.internal.GroupNames.region(b.key);
        if (suffix != null && b.replicaOf == null) {
            if (b.region == null) {
                b.region = suffix;
            } else if (!b.region.equals(suffix)) {
                b.problem("region", "is '" + b.region + "', but the key names region '" + suffix
                        + "'; a regional group's primary must lie in the region its key names");
            }
        }
    }

    private void check() {
        if (b.url == null || b.url.isBlank()) {
            add("url", "is required: give the bind a JDBC URL");
        } else if (!b.url.startsWith("jdbc:")) {
            add("url", "must start with 'jdbc:', was '" + Secrets.maskUrl(b.url) + "'");
        }
        range("poolSize", b.poolSize, 1, 10_000);
        if (b.minimumIdle != null) {
            range("minimumIdle", b.minimumIdle, 0, Math.max(0, b.poolSize));
        }
        range("weight", b.weight, 1, 1000);
        range("ejectAfterFailures", b.ejectAfterFailures, 1, 1000);
        range("readmitAfterSuccesses", b.readmitAfterSuccesses, 1, 1000);
        between("connectionTimeout", b.connectionTimeout, Duration.ofMillis(250), ONE_DAY);
        between("validationTimeout", b.validationTimeout, Duration.ofMillis(250), ONE_DAY);
        between("idleTimeout", b.idleTimeout, Duration.ZERO, ONE_YEAR);
        between("maxLifetime", b.maxLifetime, Duration.ZERO, ONE_YEAR);
        between("leakDetectionThreshold", b.leakDetectionThreshold, Duration.ZERO, ONE_YEAR);
        between("healthCheckInterval", b.healthCheckInterval, Duration.ofMillis(50), ONE_DAY);
        between("healthCheckTimeout", b.healthCheckTimeout, Duration.ofMillis(50), ONE_HOUR);
        between("causalWait", b.causalWait, Duration.ZERO, Duration.ofMinutes(1));
        if (b.maxReplicationLag != null) {
            between("maxReplicationLag", b.maxReplicationLag, Duration.ZERO, ONE_YEAR);
        }
        if (b.maxReplicationLagBytes != null && b.maxReplicationLagBytes < 0) {
            add("maxReplicationLagBytes", "must not be negative, was " + b.maxReplicationLagBytes);
        }
        if (b.balancer == null) {
            add("balancer", "must be one of round-robin, random, weighted, least-busy, was null");
        }
        if (b.replicaFallback == null) {
            add("replicaFallback", "must be primary or fail, was null");
        }
        if (b.failover == null) {
            add("failover", "must be none or follow, was null");
        }
        b.driverProperties.forEach((name, value) -> {
            if (name == null || name.isEmpty() || value == null) {
                add("driverProperties." + name, "needs a name and a value");
            }
        });
    }

    private void range(String field, int value, int min, int max) {
        if (value < min || value > max) {
            add(field, "must be between " + min + " and " + max + ", was " + value);
        }
    }

    private void between(String field, Duration value, Duration min, Duration max) {
        if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            add(field, "must be between " + OptionValues.describe(min) + " and " + OptionValues.describe(max) + ", was "
                    + OptionValues.describe(value));
        }
    }

    private void add(String field, String message) {
        out.add(new BindConfigException.Problem(b.key, field, message));
    }

    private static BindConfig toConfig(BindConfig.Builder b) {
        GroupOptions group = b.replicaOf != null ? null : new GroupOptions(b.balancer, b.replicaFallback, b.healthCheckInterval,
                b.healthCheckTimeout, b.ejectAfterFailures, b.readmitAfterSuccesses, b.causalWait, b.failover);
        return new BindConfig(b.key, b.url, b.username, b.password, b.poolSize, b.minimumIdle, b.connectionTimeout,
                b.idleTimeout, b.maxLifetime, b.validationTimeout, b.leakDetectionThreshold, b.readOnly, b.autoCommit,
                b.transactionIsolation, b.schema, b.replicaOf, b.region, b.weight, b.maxReplicationLag,
                b.maxReplicationLagBytes, group, b.driverProperties);
    }
}
