package dev.bindery.internal;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Keeps passwords and other secrets out of messages, logs and {@code toString}. */
public final class Secrets {
    public static final String MASK = "****";
    private static final Pattern URL_PARAM = Pattern.compile(
            "(?i)([?&;:]\\s*(?:password|passwd|pwd|secret|token|apikey|api_key|sslpassword)\\s*=)[^&;]*");
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@?]*:)[^@/]*@");

    private Secrets() {
    }

    /** Masks password parameters and user-info passwords in a JDBC URL. */
    public static String maskUrl(String url) {
        if (url == null) {
            return null;
        }
        return USER_INFO.matcher(URL_PARAM.matcher(url).replaceAll("$1" + MASK)).replaceAll("$1" + MASK + "@");
    }

    /** Whether a property name looks like it holds a secret. */
    public static boolean isSecretName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.contains("password") || n.contains("secret") || n.contains("token") || n.contains("pwd") || n.contains("apikey")
                || n.contains("credential");
    }

    /** A copy of the map for display, with secret-looking values masked. */
    public static Map<String, String> maskMap(Map<String, String> map) {
        var out = new java.util.LinkedHashMap<String, String>();
        map.forEach((k, v) -> out.put(k, isSecretName(k) ? MASK : v));
        return out;
    }

    /**
     * Removes known secret values from a text that came from elsewhere (a driver's error message, say).
     * Values shorter than 3 characters are not scrubbed, to keep messages readable.
     */
    public static String scrub(String text, Iterable<String> secrets) {
        if (text == null) {
            return null;
        }
        String out = maskUrl(text);
        for (String s : secrets) {
            if (s != null && s.length() >= 3) {
                out = out.replace(s, MASK);
            }
        }
        return out;
    }
}
