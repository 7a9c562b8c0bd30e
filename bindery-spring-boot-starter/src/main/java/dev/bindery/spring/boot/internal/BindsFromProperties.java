package dev.bindery.spring.boot.internal;

import dev.bindery.Binds;
import dev.bindery.spi.PoolListener;
import dev.bindery.spi.RouteListener;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns the {@code bindery.*} properties into the map of {@code Binds.fromMap}, so core parses and validates them
 * (every problem at once, by bind and field): the options bound by Spring's relaxed binding, the default bind from
 * {@code spring.datasource.*} when {@code bindery.url} is not set, and every {@code bindery.*} name that is no option,
 * passed on as it is so that core reports it with a suggestion instead of Spring ignoring it.
 */
public final class BindsFromProperties {
    private static final Set<String> STARTER_KEYS = Set.of("binds", "web", "tokenkeys", "driverproperties", "flyway", "liquibase");

    private BindsFromProperties() {
    }

    /**
     * The configuration map: {@code options} of the default bind, {@code tokenKeys}, and {@code binds} by key.
     *
     * @param known the option names (as {@code BindOption} spells them)
     */
    public static Map<String, Object> configMap(Map<String, Object> defaults, String tokenKeys, Map<String, Map<String, Object>> binds,
                                                Environment environment, Set<String> known) {
        Map<String, Object> config = new LinkedHashMap<>(defaults);
        if (!config.containsKey("url")) {
            fromDataSource(config, environment);
        }
        if (tokenKeys != null) {
            config.put("tokenKeys", tokenKeys);
        }
        Map<String, Object> raw = Binder.get(environment).bind("bindery", Bindable.mapOf(String.class, Object.class))
                .orElse(Map.of());
        unknownNames(raw, config, known);
        if (!binds.isEmpty()) {
            Map<String, Object> named = new LinkedHashMap<>();
            binds.forEach((key, options) -> named.put(key, new LinkedHashMap<>(options)));
            if (raw.get("binds") instanceof Map<?, ?> rawBinds) {
                rawBinds.forEach((key, options) -> {
                    if (options instanceof Map<?, ?> m && named.get(String.valueOf(key)) instanceof Map<?, ?> target) {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> t = (Map<String, Object>) target;
                        @SuppressWarnings("unchecked")
                        Map<String, Object> o = (Map<String, Object>) m;
                        unknownNames(o, t, known);
                    }
                });
            }
            config.put("binds", named);
        }
        return config;
    }

    /** Builds the binds from {@code config} with the listeners; placeholders read the process environment. */
    public static Binds build(Map<String, Object> config, List<RouteListener> routeListeners, List<PoolListener> poolListeners) {
        Binds.Builder builder = Binds.builderFromMap(config);
        routeListeners.forEach(builder::onRoute);
        poolListeners.forEach(builder::onPoolStarted);
        return builder.build();
    }

    private static void fromDataSource(Map<String, Object> config, Environment environment) {
        String url = environment.getProperty("spring.datasource.url");
        if (url == null) {
            return;
        }
        config.put("url", url);
        putIfSet(config, "username", environment.getProperty("spring.datasource.username"));
        putIfSet(config, "password", environment.getProperty("spring.datasource.password"));
    }

    private static void putIfSet(Map<String, Object> config, String name, String value) {
        if (value != null && !config.containsKey(name)) {
            config.put(name, value);
        }
    }

    /** Copies the names of {@code raw} that are neither options nor the starter's own into {@code target}. */
    private static void unknownNames(Map<String, Object> raw, Map<String, Object> target, Set<String> known) {
        for (Map.Entry<String, Object> e : raw.entrySet()) {
            String loose = loose(e.getKey());
            if (STARTER_KEYS.contains(loose) || known.stream().anyMatch(k -> loose(k).equals(loose))) {
                continue;
            }
            target.putIfAbsent(e.getKey(), e.getValue() instanceof Map<?, ?> ? String.valueOf(e.getValue()) : e.getValue());
        }
    }

    private static String loose(String name) {
        return name.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }
}
