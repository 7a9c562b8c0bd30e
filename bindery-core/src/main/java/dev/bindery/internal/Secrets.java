package dev.bindery.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps passwords and other secrets out of messages, logs and {@code toString}. It knows the places a JDBC URL carries
 * a password: user-info ({@code //user:password@host}), parameters ({@code ?password=...}, {@code ;password=...}),
 * Oracle thin ({@code jdbc:oracle:thin:user/password@host}) and MySQL/MariaDB address and key-value forms
 * ({@code address=(host=h)(password=...)}, {@code (host=h,password=...)}).
 */
public final class Secrets {
    public static final String MASK = "****";
    private static final String NAMES = "(?:password|passwd|pwd|secret|token|apikey|api_key|sslpassword|trustStorePassword"
            + "|keyStorePassword|clientCertificateKeyStorePassword)";
    /** {@code ?password=x&...}, {@code ;password=x;...}: the value runs to the next separator. */
    private static final Pattern URL_PARAM = Pattern.compile("(?i)([?&;:]\\s*" + NAMES + "\\s*=)([^&;]*)");
    /** {@code (password=x)} and {@code (host=h,password=x)}: the value runs to the closing parenthesis or comma. */
    private static final Pattern PAREN_PARAM = Pattern.compile("(?i)([(,]\\s*" + NAMES + "\\s*=)([^),]*)");
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@?\\s]*:)([^/\\s]*)@");
    /** Oracle thin and OCI: {@code jdbc:oracle:thin:scott/tiger@host}; the user may be quoted or empty. */
    private static final Pattern ORACLE = Pattern.compile("(?i)(:(?:thin|oci8?|kprb):\\s*\"?[^/@:\"\\s]*\"?/)(\"[^\"]*\"|[^@\\s]*)@");
    private static final Pattern[] PATTERNS = {URL_PARAM, PAREN_PARAM, USER_INFO, ORACLE};
    /** Secrets shorter than this are not scrubbed from free text, to keep messages readable. */
    private static final int MIN_SCRUBBED_LENGTH = 3;

    private Secrets() {
    }

    /** Masks every password a JDBC URL (or a text quoting one) can carry. */
    public static String maskUrl(String url) {
        if (url == null) {
            return null;
        }
        String out = url;
        for (Pattern p : PATTERNS) {
            out = p.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK + (p == USER_INFO || p == ORACLE ? "@" : "")));
        }
        return out;
    }

    /** The password values a JDBC URL carries in any of the forms {@link #maskUrl} knows; empty when it has none. */
    public static List<String> passwordsIn(String url) {
        List<String> out = new ArrayList<>();
        if (url == null) {
            return out;
        }
        for (Pattern p : PATTERNS) {
            Matcher m = p.matcher(url);
            while (m.find()) {
                String value = m.group(2).trim();
                if (value.length() > 1 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                if (!value.isEmpty()) {
                    out.add(value);
                }
            }
        }
        return out;
    }

    /** Every secret value of one bind: its password, the passwords in its URL, and secret-looking driver properties. */
    public static List<String> secretsOf(String url, String password, Map<String, String> driverProperties) {
        List<String> out = new ArrayList<>();
        if (password != null) {
            out.add(password);
        }
        out.addAll(passwordsIn(url));
        driverProperties.forEach((k, v) -> {
            if (isSecretName(k) && v != null) {
                out.add(v);
            }
        });
        out.removeIf(s -> s.length() < MIN_SCRUBBED_LENGTH);
        // Longest first, so that a secret containing another is removed whole.
        out.sort((a, b) -> Integer.compare(b.length(), a.length()));
        return List.copyOf(new java.util.LinkedHashSet<>(out));
    }

    /** Whether a property name looks like it holds a secret. */
    public static boolean isSecretName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.contains("password") || n.contains("passwd") || n.contains("secret") || n.contains("token") || n.contains("pwd")
                || n.contains("apikey") || n.contains("api_key") || n.contains("credential");
    }

    /** A copy of the map for display, with secret-looking values masked. */
    public static Map<String, String> maskMap(Map<String, String> map) {
        Map<String, String> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, isSecretName(k) ? MASK : v));
        return out;
    }

    /**
     * Removes known secret values from a text that came from elsewhere (a driver's error message, say), and masks any
     * password in a URL it quotes. Values shorter than 3 characters are not scrubbed, to keep messages readable.
     */
    public static String scrub(String text, Iterable<String> secrets) {
        if (text == null) {
            return null;
        }
        String out = maskUrl(text);
        for (String s : secrets) {
            if (s != null && s.length() >= MIN_SCRUBBED_LENGTH) {
                out = out.replace(s, MASK);
            }
        }
        return out;
    }
}
