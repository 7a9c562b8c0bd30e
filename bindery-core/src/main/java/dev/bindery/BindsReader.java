package dev.bindery;

import dev.bindery.config.BindOption;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/** Reads the map, properties and environment forms of bind configuration into one {@link Binds.Builder}. */
final class BindsReader {
    static final String PREFIX = "bindery.";
    static final String BINDS = "binds";
    private static final String ENV_PREFIX = "BINDERY_";
    private static final String ENV_BINDS = "BINDERY_BINDS_";

    private BindsReader() {
    }

    /**
     * Reads a properties file.
     *
     * @throws UncheckedIOException if the file cannot be read
     */
    static Properties read(Path file) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read bind configuration " + file, e);
        }
        return p;
    }

    static Binds.Builder fromMap(Map<String, ?> config) {
        Binds.Builder builder = Binds.builder();
        Map<String, Object> defaults = new LinkedHashMap<>();
        Object binds = null;
        for (Map.Entry<String, ?> e : config == null ? Map.<String, Object>of().entrySet() : config.entrySet()) {
            if (BINDS.equals(e.getKey())) {
                binds = e.getValue();
            } else {
                defaults.put(e.getKey(), e.getValue());
            }
        }
        if (!defaults.isEmpty()) {
            addBind(builder, Binds.DEFAULT, defaults);
        }
        if (binds instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (e.getKey() == null) {
                    builder.problem("(null)", "key", "a bind key is missing (a null key): name the bind, such as 'auth'");
                    continue;
                }
                String key = String.valueOf(e.getKey());
                Object value = e.getValue();
                if (value instanceof String url) {
                    BindConfig.Builder b = builder.bindBuilder(key);
                    if (b != null) {
                        b.url(url);
                    }
                } else if (value instanceof Map<?, ?> options) {
                    Map<String, Object> typed = new LinkedHashMap<>();
                    options.forEach((k, v) -> typed.put(k == null ? null : String.valueOf(k), v));
                    addBind(builder, key, typed);
                } else {
                    builder.problem(key, BindOption.URL.optionName(), "must be a JDBC URL string or a map of options with 'url', was "
                            + (value == null ? "null" : "a " + value.getClass().getSimpleName()));
                }
            }
        } else if (binds != null) {
            builder.problem(Binds.DEFAULT, BINDS, "must be a map from bind key to a URL or a map of options");
        }
        return builder;
    }

    private static void addBind(Binds.Builder builder, String key, Map<String, Object> options) {
        BindConfig.Builder b = builder.bindBuilder(key);
        if (b != null) {
            options.forEach(b::option);
        }
    }

    static Binds.Builder fromProperties(Properties properties, Map<String, String> environment) {
        Map<String, String> merged = new TreeMap<>();
        for (String name : properties.stringPropertyNames()) {
            if (name.startsWith(PREFIX)) {
                merged.put(name, properties.getProperty(name));
            }
        }
        overlayEnvironment(merged, environment);
        Binds.Builder builder = Binds.builder();
        Map<String, Map<String, String>> byKey = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, String> e : merged.entrySet()) {
            String rest = e.getKey().substring(PREFIX.length());
            if (rest.startsWith(BINDS + ".")) {
                String sub = rest.substring(BINDS.length() + 1);
                int dot = sub.indexOf('.');
                String key = dot < 0 ? sub : sub.substring(0, dot);
                String option = dot < 0 ? BindOption.URL.optionName() : sub.substring(dot + 1);
                byKey.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(option, e.getValue());
            } else if (rest.equals(BINDS)) {
                unknown.add(e.getKey());
            } else {
                byKey.computeIfAbsent(Binds.DEFAULT, k -> new LinkedHashMap<>()).put(rest, e.getValue());
            }
        }
        for (String name : unknown) {
            builder.problem(Binds.DEFAULT, name, "is not an option; use bindery.binds.<key>.url for a named bind");
        }
        byKey.forEach((key, options) -> {
            BindConfig.Builder b = builder.bindBuilder(key);
            if (b != null) {
                options.forEach(b::option);
            }
        });
        return builder;
    }

    /**
     * Applies environment variables over the properties: {@code BINDERY_<OPTION>} for the default bind and
     * {@code BINDERY_BINDS_<KEY>_<OPTION>} for named binds. Option names match ignoring case and underscores
     * ({@code POOL_SIZE} is {@code poolSize}); a key matches an existing key ignoring case, with '-' and '@' written as
     * '_'; a new key is taken in lower case with '_' read as '-'.
     */
    static void overlayEnvironment(Map<String, String> merged, Map<String, String> environment) {
        List<String> existingKeys = new ArrayList<>();
        for (String name : merged.keySet()) {
            String rest = name.substring(PREFIX.length());
            if (rest.startsWith(BINDS + ".")) {
                String sub = rest.substring(BINDS.length() + 1);
                int dot = sub.indexOf('.');
                existingKeys.add(dot < 0 ? sub : sub.substring(0, dot));
            }
        }
        for (Map.Entry<String, String> e : new TreeMap<>(environment).entrySet()) {
            String var = e.getKey();
            if (var.startsWith(ENV_BINDS)) {
                String rest = var.substring(ENV_BINDS.length());
                String[] parts = rest.split("_");
                for (int i = 1; i < parts.length; i++) {
                    String keyPart = String.join("_", Arrays.copyOfRange(parts, 0, i));
                    String optionPart = String.join("_", Arrays.copyOfRange(parts, i, parts.length));
                    Optional<BindOption> option = BindOption.byLooseName(optionPart);
                    if (option.isPresent()) {
                        String key = existingKeys.stream().filter(k -> envForm(k).equals(keyPart)).findFirst()
                                .orElse(keyPart.toLowerCase(Locale.ROOT).replace('_', '-'));
                        merged.put(PREFIX + BINDS + "." + key + "." + option.get().optionName(), e.getValue());
                        break;
                    }
                }
            } else if (var.startsWith(ENV_PREFIX)) {
                BindOption.byLooseName(var.substring(ENV_PREFIX.length()))
                        .ifPresent(o -> merged.put(PREFIX + o.optionName(), e.getValue()));
            }
        }
    }

    private static String envForm(String key) {
        return key.toUpperCase(Locale.ROOT).replace('-', '_').replace('@', '_');
    }
}
