package dev.bindery;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Resolves {@code ${NAME}} and {@code ${NAME:default}} in configuration values from the environment. */
final class Placeholders {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_.]*)(?::([^}]*))?}");
    private final Map<String, String> environment;

    Placeholders(Map<String, String> environment) {
        this.environment = environment;
    }

    String resolve(BindConfig.Builder owner, String field, String value) {
        if (value == null || !value.contains("${")) {
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
