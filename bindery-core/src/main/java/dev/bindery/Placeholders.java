package dev.bindery;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${NAME}} and {@code ${NAME:default}} in configuration values from the environment. A variable that
 * is not set and has no default is a problem of the bind and field that refer to it.
 */
final class Placeholders {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_.]*)(?::([^}]*))?}");
    private final Map<String, String> environment;

    Placeholders(Map<String, String> environment) {
        this.environment = environment;
    }

    /** Whether {@code value} refers to the environment. */
    static boolean has(String value) {
        return value != null && value.contains("${");
    }

    String resolve(BindConfig.Builder owner, String field, String value) {
        if (!has(value)) {
            return value;
        }
        Matcher m = PLACEHOLDER.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String resolved = environment.get(m.group(1));
            if (resolved == null) {
                resolved = m.group(2);
            }
            if (resolved == null) {
                owner.problem(field, "refers to environment variable ${" + m.group(1)
                        + "}, which is not set: export it or give a default as ${" + m.group(1) + ":value}");
                resolved = "";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(resolved));
        }
        m.appendTail(out);
        return out.toString();
    }
}
