package dev.bindery.internal;

import dev.bindery.config.TransactionIsolation;
import dev.bindery.config.ReplicaFallback;
import dev.bindery.config.Balancing;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Converts raw option values (strings from files and environment, or objects from maps) into typed values. */
public final class OptionValues {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");
    private static final Pattern BYTES = Pattern.compile("(\\d+)\\s*(b|kb|mb|gb)?", Pattern.CASE_INSENSITIVE);

    private OptionValues() {
    }

    /** Thrown by the converters; the message describes the expected form and never echoes a secret. */
    public static final class InvalidValue extends Exception {
        private static final long serialVersionUID = 1L;

        public InvalidValue(String message) {
            super(message, null, false, false);
        }
    }

    public static String string(Object raw) throws InvalidValue {
        if (raw instanceof String s) {
            return s;
        }
        throw new InvalidValue("must be a string, was " + typeName(raw));
    }

    public static int integer(Object raw) throws InvalidValue {
        if (raw instanceof Integer i) {
            return i;
        }
        if (raw instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
            return l.intValue();
        }
        if (raw instanceof String s) {
            try {
                return Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                throw new InvalidValue("must be a whole number, was '" + s + "'");
            }
        }
        throw new InvalidValue("must be a whole number, was " + typeName(raw));
    }

    public static boolean bool(Object raw) throws InvalidValue {
        if (raw instanceof Boolean b) {
            return b;
        }
        if (raw instanceof String s) {
            String t = s.trim().toLowerCase(Locale.ROOT);
            if (t.equals("true") || t.equals("false")) {
                return Boolean.parseBoolean(t);
            }
            throw new InvalidValue("must be true or false, was '" + s + "'");
        }
        throw new InvalidValue("must be true or false, was " + typeName(raw));
    }

    /** Accepts a Duration, a number of milliseconds, {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d} or ISO-8601. */
    public static Duration duration(Object raw) throws InvalidValue {
        if (raw instanceof Duration d) {
            return d;
        }
        if (raw instanceof Number n) {
            return Duration.ofMillis(n.longValue());
        }
        if (raw instanceof String s) {
            String t = s.trim().toLowerCase(Locale.ROOT);
            Matcher m = DURATION.matcher(t);
            if (m.matches()) {
                long v = Long.parseLong(m.group(1));
                String unit = m.group(2) == null ? "ms" : m.group(2);
                return switch (unit) {
                    case "ms" -> Duration.ofMillis(v);
                    case "s" -> Duration.ofSeconds(v);
                    case "m" -> Duration.ofMinutes(v);
                    case "h" -> Duration.ofHours(v);
                    default -> Duration.ofDays(v);
                };
            }
            try {
                return Duration.parse(s.trim().toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw new InvalidValue("must be a duration such as 500ms, 30s, 5m or PT30S, was '" + s + "'");
            }
        }
        throw new InvalidValue("must be a duration such as 500ms or 30s, was " + typeName(raw));
    }

    /** Accepts a number of bytes, or {@code 16kb}, {@code 16mb}, {@code 1gb}. */
    public static long bytes(Object raw) throws InvalidValue {
        if (raw instanceof Number n) {
            return n.longValue();
        }
        if (raw instanceof String s) {
            Matcher m = BYTES.matcher(s.trim());
            if (m.matches()) {
                long v = Long.parseLong(m.group(1));
                String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
                return switch (unit) {
                    case "kb" -> v * 1024;
                    case "mb" -> v * 1024 * 1024;
                    case "gb" -> v * 1024 * 1024 * 1024;
                    default -> v;
                };
            }
            throw new InvalidValue("must be a size in bytes such as 1048576 or 16mb, was '" + s + "'");
        }
        throw new InvalidValue("must be a size in bytes, was " + typeName(raw));
    }

    public static TransactionIsolation isolation(Object raw) throws InvalidValue {
        if (raw instanceof TransactionIsolation t) {
            return t;
        }
        String s = string(raw).trim().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        if (s.startsWith("TRANSACTION_")) {
            s = s.substring("TRANSACTION_".length());
        }
        for (TransactionIsolation t : TransactionIsolation.values()) {
            if (t.name().equals(s)) {
                return t;
            }
        }
        throw new InvalidValue("must be one of " + Arrays.toString(TransactionIsolation.values()) + ", was '" + raw + "'");
    }

    public static Balancing balancing(Object raw) throws InvalidValue {
        if (raw instanceof Balancing b) {
            return b;
        }
        String s = string(raw).trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Balancing b : Balancing.values()) {
            if (b.configName().equals(s)) {
                return b;
            }
        }
        throw new InvalidValue("must be one of " + Arrays.stream(Balancing.values()).map(Balancing::configName)
                .collect(Collectors.joining(", ")) + ", was '" + raw + "'");
    }

    public static ReplicaFallback fallback(Object raw) throws InvalidValue {
        if (raw instanceof ReplicaFallback f) {
            return f;
        }
        String s = string(raw).trim().toUpperCase(Locale.ROOT);
        for (ReplicaFallback f : ReplicaFallback.values()) {
            if (f.name().equals(s)) {
                return f;
            }
        }
        throw new InvalidValue("must be primary or fail, was '" + raw + "'");
    }

    public static Map<String, String> stringMap(Object raw) throws InvalidValue {
        if (raw instanceof Map<?, ?> m) {
            return m.entrySet().stream().collect(Collectors.toMap(e -> String.valueOf(e.getKey()), e -> String.valueOf(e.getValue()),
                    (a, b) -> b, java.util.LinkedHashMap::new));
        }
        throw new InvalidValue("must be a map of names to values, was " + typeName(raw));
    }

    private static String typeName(Object raw) {
        return raw == null ? "null" : "a " + raw.getClass().getSimpleName();
    }
}
