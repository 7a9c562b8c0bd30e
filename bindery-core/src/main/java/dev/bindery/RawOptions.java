package dev.bindery;

import dev.bindery.config.BindOption;
import dev.bindery.internal.OptionValues;
import dev.bindery.internal.Suggestions;

import java.util.Arrays;
import java.util.List;

/**
 * Applies options given by name with raw values (strings from files and the environment, objects from maps) to a
 * {@link BindConfig.Builder}, through its typed setters. A wrong name or value becomes a problem of that bind and
 * field; a value with {@code ${NAME}} placeholders waits on the builder until the environment is known.
 */
final class RawOptions {
    private static final String DRIVER_PREFIX = BindOption.DRIVER_PROPERTIES.optionName() + ".";
    private static final List<String> NAMES = Arrays.stream(BindOption.values()).map(BindOption::optionName).toList();

    private RawOptions() {
    }

    static void apply(BindConfig.Builder b, String name, Object raw) {
        if (name == null || name.isBlank()) {
            b.problem(name == null ? "(null)" : "(empty)", "an option name is missing ("
                    + (name == null ? "a null key" : "an empty name") + "): name the option, such as 'url' or 'poolSize'");
            return;
        }
        if (raw instanceof String s && Placeholders.has(s)) {
            b.unresolved.put(name, s);
            BindOption.byName(name).filter(BindOption::isGroupOption).ifPresent(b.groupOptionsSet::add);
            return;
        }
        applyResolved(b, name, raw);
    }

    /** Applies a value whose placeholders are resolved already (or that has none). */
    static void applyResolved(BindConfig.Builder b, String name, Object raw) {
        if (name.startsWith(DRIVER_PREFIX)) {
            String property = name.substring(DRIVER_PREFIX.length());
            if (property.isEmpty() || raw == null) {
                b.problem(name, property.isEmpty() ? "names no driver property: use driverProperties.<name>=<value>"
                        : "has no value: give the driver property a value or leave it out");
            } else {
                b.driverProperty(property, String.valueOf(raw));
            }
            return;
        }
        BindOption option = BindOption.byName(name).orElse(null);
        if (option == null) {
            String hint = Suggestions.closest(name, NAMES).map(s -> "; did you mean '" + s + "'?")
                    .orElse("; known options: " + NAMES);
            b.problem(name, "unknown option" + hint);
            return;
        }
        if (option.isGroupOption()) {
            b.groupOptionsSet.add(option);
        }
        try {
            set(b, option, raw);
        } catch (OptionValues.InvalidValue e) {
            b.problem(name, option == BindOption.PASSWORD || option == BindOption.TOKEN_KEYS ? "must be a string" : e.getMessage());
        }
    }

    private static void set(BindConfig.Builder b, BindOption option, Object raw) throws OptionValues.InvalidValue {
        switch (option) {
            case URL -> b.url(OptionValues.string(raw));
            case USERNAME -> b.username(OptionValues.string(raw));
            case PASSWORD -> b.password(OptionValues.string(raw));
            case POOL_SIZE -> b.poolSize(OptionValues.integer(raw));
            case MINIMUM_IDLE -> b.minimumIdle(OptionValues.integer(raw));
            case CONNECTION_TIMEOUT -> b.connectionTimeout(OptionValues.duration(raw));
            case IDLE_TIMEOUT -> b.idleTimeout(OptionValues.duration(raw));
            case MAX_LIFETIME -> b.maxLifetime(OptionValues.duration(raw));
            case VALIDATION_TIMEOUT -> b.validationTimeout(OptionValues.duration(raw));
            case LEAK_DETECTION_THRESHOLD -> b.leakDetectionThreshold(OptionValues.duration(raw));
            case READ_ONLY -> b.readOnly(OptionValues.bool(raw));
            case AUTO_COMMIT -> b.autoCommit(OptionValues.bool(raw));
            case TRANSACTION_ISOLATION -> b.transactionIsolation(OptionValues.isolation(raw));
            case SCHEMA -> b.schema(OptionValues.string(raw));
            case REPLICA_OF -> b.replicaOf(OptionValues.string(raw));
            case REGION -> b.region(OptionValues.string(raw));
            case WEIGHT -> b.weight(OptionValues.integer(raw));
            case MAX_REPLICATION_LAG -> b.maxReplicationLag(OptionValues.duration(raw));
            case MAX_REPLICATION_LAG_BYTES -> b.maxReplicationLagBytes(OptionValues.bytes(raw));
            case BALANCER -> b.balancer(OptionValues.balancer(raw));
            case REPLICA_FALLBACK -> b.replicaFallback(OptionValues.fallback(raw));
            case HEALTH_CHECK_INTERVAL -> b.healthCheckInterval(OptionValues.duration(raw));
            case HEALTH_CHECK_TIMEOUT -> b.healthCheckTimeout(OptionValues.duration(raw));
            case EJECT_AFTER_FAILURES -> b.ejectAfterFailures(OptionValues.integer(raw));
            case READMIT_AFTER_SUCCESSES -> b.readmitAfterSuccesses(OptionValues.integer(raw));
            case CAUSAL_WAIT -> b.causalWait(OptionValues.duration(raw));
            case FAILOVER -> b.failover(OptionValues.failover(raw));
            case TOKEN_KEYS -> b.tokenKeys = OptionValues.string(raw);
            case DRIVER_PROPERTIES -> OptionValues.stringMap(raw).forEach(b::driverProperty);
        }
    }
}
