package dev.bindery.internal;

import dev.bindery.config.BuiltInBalancer;
import dev.bindery.config.ReplicaFallback;
import dev.bindery.config.Failover;
import dev.bindery.config.TransactionIsolation;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Converts raw option values (strings from files and environment, or objects from maps) into typed values. Every
 * failure, including numbers too large for their type, is an {@link InvalidValue} whose message says what form is
 * expected; nothing here throws a raw {@link NumberFormatException} or {@link ArithmeticException}.
 */
public final class OptionValues {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");
    private static final Pattern BYTES = Pattern.compile("(\\d+)\\s*(b|kb|mb|gb)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern WHOLE = Pattern.compile("[+-]?\\d+");
    private static final BigInteger THOUSAND = BigInteger.valueOf(1000);
    private static final String DURATION_FORM = "a duration such as 500ms, 30s, 5m, 2h, 1d or PT30S";

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
        BigInteger v = wholeNumber(raw, "a whole number");
        if (v.bitLength() > 31) {
            throw new InvalidValue("must be a whole number, was " + shown(raw) + ", which is too large");
        }
        return v.intValue();
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
        if (raw instanceof Number) {
            return millis(wholeNumber(raw, DURATION_FORM), raw);
        }
        if (raw instanceof String s) {
            Matcher m = DURATION.matcher(s.trim().toLowerCase(Locale.ROOT));
            if (m.matches()) {
                String unit = m.group(2) == null ? "ms" : m.group(2);
                long factor = switch (unit) {
                    case "ms" -> 1;
                    case "s" -> 1000;
                    case "m" -> 60_000;
                    case "h" -> 3_600_000;
                    default -> 86_400_000;
                };
                return millis(new BigInteger(m.group(1)).multiply(BigInteger.valueOf(factor)), raw);
            }
            try {
                return Duration.parse(s.trim().toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw new InvalidValue("must be " + DURATION_FORM + ", was '" + s + "'");
            }
        }
        throw new InvalidValue("must be " + DURATION_FORM + ", was " + typeName(raw));
    }

    /** The duration, when it fits in a {@link Duration} at all; its range for the option is checked by the validator. */
    private static Duration millis(BigInteger millis, Object raw) throws InvalidValue {
        BigInteger[] secondsAndMillis = millis.divideAndRemainder(THOUSAND);
        if (secondsAndMillis[0].bitLength() > 62) {
            throw new InvalidValue("must be " + DURATION_FORM + ", was " + shown(raw) + ", which is too large");
        }
        return Duration.ofSeconds(secondsAndMillis[0].longValue()).plusMillis(secondsAndMillis[1].longValue());
    }

    /** Accepts a number of bytes, or {@code 16kb}, {@code 16mb}, {@code 1gb}. */
    public static long bytes(Object raw) throws InvalidValue {
        BigInteger v;
        if (raw instanceof Number) {
            v = wholeNumber(raw, "a size in bytes");
        } else if (raw instanceof String s) {
            Matcher m = BYTES.matcher(s.trim());
            if (!m.matches()) {
                throw new InvalidValue("must be a size in bytes such as 1048576, 512kb, 16mb or 1gb, was '" + s + "'");
            }
            String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
            int shift = switch (unit) {
                case "kb" -> 10;
                case "mb" -> 20;
                case "gb" -> 30;
                default -> 0;
            };
            v = new BigInteger(m.group(1)).shiftLeft(shift);
        } else {
            throw new InvalidValue("must be a size in bytes, was " + typeName(raw));
        }
        if (v.bitLength() > 63) {
            throw new InvalidValue("must be a size in bytes, was " + shown(raw) + ", which is too large");
        }
        return v.longValue();
    }

    /** A whole number from any integral number type or a decimal string, without silent truncation. */
    private static BigInteger wholeNumber(Object raw, String form) throws InvalidValue {
        if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
            return BigInteger.valueOf(((Number) raw).longValue());
        }
        if (raw instanceof BigInteger b) {
            return b;
        }
        if (raw instanceof Number n) {
            try {
                BigDecimal d = raw instanceof BigDecimal bd ? bd : new BigDecimal(n.toString());
                return d.toBigIntegerExact();
            } catch (ArithmeticException | NumberFormatException e) {
                throw new InvalidValue("must be " + form + ", was " + shown(raw));
            }
        }
        if (raw instanceof String s && WHOLE.matcher(s.trim()).matches()) {
            return new BigInteger(s.trim());
        }
        throw new InvalidValue("must be " + form + ", was " + shown(raw));
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

    public static BuiltInBalancer balancer(Object raw) throws InvalidValue {
        if (raw instanceof BuiltInBalancer b) {
            return b;
        }
        String s = string(raw).trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (BuiltInBalancer b : BuiltInBalancer.values()) {
            if (b.configName().equals(s)) {
                return b;
            }
        }
        throw new InvalidValue("must be one of " + Arrays.stream(BuiltInBalancer.values()).map(BuiltInBalancer::configName)
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

    public static Failover failover(Object raw) throws InvalidValue {
        if (raw instanceof Failover f) {
            return f;
        }
        String s = string(raw).trim().toUpperCase(Locale.ROOT);
        for (Failover f : Failover.values()) {
            if (f.name().equals(s)) {
                return f;
            }
        }
        throw new InvalidValue("must be none or follow, was '" + raw + "'");
    }

    /** A map of names to values; a missing name or value is refused rather than passed on as "null". */
    public static Map<String, String> stringMap(Object raw) throws InvalidValue {
        if (!(raw instanceof Map<?, ?> m)) {
            throw new InvalidValue("must be a map of names to values, was " + typeName(raw));
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new InvalidValue("must be a map of names to values, but an entry has no "
                        + (e.getKey() == null ? "name" : "value (property '" + e.getKey() + "')"));
            }
            out.put(String.valueOf(e.getKey()), String.valueOf(e.getValue()));
        }
        return out;
    }

    /** A duration as a person writes it ({@code 250ms}, {@code 30s}, {@code 365d}), never overflowing. */
    public static String describe(Duration d) {
        if (d == null) {
            return "null";
        }
        if (d.getNano() % 1_000_000 != 0 || Math.abs(d.getSeconds()) > Long.MAX_VALUE / 1000 - 1) {
            return d.toString();
        }
        long ms = d.getSeconds() * 1000 + d.getNano() / 1_000_000;
        long[] factors = {86_400_000, 3_600_000, 60_000, 1000};
        String[] units = {"d", "h", "m", "s"};
        for (int i = 0; i < factors.length; i++) {
            if (ms != 0 && ms % factors[i] == 0) {
                return ms / factors[i] + units[i];
            }
        }
        return ms + "ms";
    }

    private static String shown(Object raw) {
        return raw instanceof String s ? "'" + s + "'" : raw instanceof Number n ? n.toString() : typeName(raw);
    }

    private static String typeName(Object raw) {
        return raw == null ? "null" : "a " + raw.getClass().getSimpleName();
    }
}
