package dev.bindery.internal;

/**
 * Text that may come from a client (a bind key from a path or header), made safe to put in a message or a log line:
 * at most {@value #MAX_CHARS} characters, and no control characters, so it can neither flood a log nor forge a line.
 */
public final class ClientText {
    static final int MAX_CHARS = 64;

    private ClientText() {
    }

    /** {@code text} quoted in single quotes, cut to {@value #MAX_CHARS} characters, control characters as {@code ?}. */
    public static String quote(String text) {
        if (text == null) {
            return "null";
        }
        int n = Math.min(text.length(), MAX_CHARS);
        StringBuilder out = new StringBuilder(n + 24).append('\'');
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        out.append('\'');
        if (text.length() > MAX_CHARS) {
            out.append("... (").append(text.length()).append(" characters)");
        }
        return out.toString();
    }
}
