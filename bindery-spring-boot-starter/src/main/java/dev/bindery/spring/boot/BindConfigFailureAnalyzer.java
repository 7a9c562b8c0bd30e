package dev.bindery.spring.boot;

import dev.bindery.BindConfigException;
import dev.bindery.Binds;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import java.util.stream.Collectors;

/**
 * Turns a {@link BindConfigException} at start-up into Spring Boot's failure report: every problem, each naming the
 * bind, the field and the property to fix ({@code bindery.pool-size}, {@code bindery.binds.replica.replica-of}). The
 * problems are Bindery's own, which never contain a secret.
 */
public final class BindConfigFailureAnalyzer extends AbstractFailureAnalyzer<BindConfigException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BindConfigException cause) {
        String problems = cause.problems().stream()
                .map(p -> "  - " + p + property(p))
                .collect(Collectors.joining("\n"));
        String description = "Bindery's configuration is invalid (" + cause.problems().size()
                + (cause.problems().size() == 1 ? " problem" : " problems") + "):\n" + problems;
        return new FailureAnalysis(description, "Fix the bindery.* properties named above (the default bind's options are "
                + "bindery.<option>, or spring.datasource.url/username/password without bindery.url; other binds' are "
                + "bindery.binds.<key>.<option>) and start the application again.", cause);
    }

    private static String property(BindConfigException.Problem p) {
        if (p.field() == null || p.key() == null) {
            return "";
        }
        String field = kebab(p.field());
        return Binds.DEFAULT.equals(p.key()) ? " [bindery." + field + "]" : " [bindery.binds." + p.key() + "." + field + "]";
    }

    private static String kebab(String name) {
        StringBuilder b = new StringBuilder(name.length() + 4);
        for (char c : name.toCharArray()) {
            if (Character.isUpperCase(c)) {
                b.append('-').append(Character.toLowerCase(c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
