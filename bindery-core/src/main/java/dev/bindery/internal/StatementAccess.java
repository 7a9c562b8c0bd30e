package dev.bindery.internal;

/**
 * Whether one SQL statement writes, read from its text without allocating: anything but a plain query ({@code select},
 * {@code with}, {@code values}, {@code table}, {@code show}, {@code explain}) writes, and so does a query with a locking
 * clause ({@code for update}, {@code for share}, {@code for no key update}, {@code for key share}), which a replica
 * cannot take. Leading whitespace, parentheses and SQL comments are skipped. When unsure, it says "writes".
 */
final class StatementAccess {
    private static final String[] QUERIES = {"select", "with", "values", "table", "show", "explain"};
    /**
     * Answers for statement texts seen before: ORMs send the same few strings again and again (a String's hash is
     * cached in it, so a hit costs one lookup). Bounded: once full, further texts are read each time.
     */
    private static final int MAX_REMEMBERED = 4096;
    private static final java.util.concurrent.ConcurrentHashMap<String, Boolean> SEEN = new java.util.concurrent.ConcurrentHashMap<>();

    private StatementAccess() {
    }

    static boolean writes(String sql) {
        if (sql == null) {
            return true;
        }
        Boolean seen = SEEN.get(sql);
        if (seen != null) {
            return seen;
        }
        boolean writes = read(sql);
        if (SEEN.size() < MAX_REMEMBERED && sql.length() <= 4096) {
            SEEN.put(sql, writes);
        }
        return writes;
    }

    private static boolean read(String sql) {
        int i = firstWord(sql);
        if (i < 0) {
            return true;
        }
        for (String q : QUERIES) {
            if (sql.regionMatches(true, i, q, 0, q.length())
                    && (i + q.length() == sql.length() || !Character.isLetterOrDigit(sql.charAt(i + q.length())))) {
                return locks(sql, i + q.length());
            }
        }
        return true;
    }

    /** The index of the first word, after whitespace, parentheses and comments; -1 when there is none. */
    private static int firstWord(String sql) {
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c) || c == '(') {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int eol = sql.indexOf('\n', i);
                if (eol < 0) {
                    return -1;
                }
                i = eol + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                if (end < 0) {
                    return -1;
                }
                i = end + 2;
            } else {
                return i;
            }
        }
        return -1;
    }

    /** Whether a query has a locking clause: {@code for update}, {@code for share}, {@code for no key update}... */
    private static boolean locks(String sql, int from) {
        int n = sql.length();
        for (int i = sql.indexOf(' ', from); i >= 0 && i + 4 < n; i = sql.indexOf(' ', i + 1)) {
            if (sql.regionMatches(true, i + 1, "for ", 0, 4)) {
                int j = i + 5;
                while (j < n && sql.charAt(j) == ' ') {
                    j++;
                }
                if (sql.regionMatches(true, j, "update", 0, 6) || sql.regionMatches(true, j, "share", 0, 5)
                        || sql.regionMatches(true, j, "no key", 0, 6) || sql.regionMatches(true, j, "key share", 0, 9)) {
                    return true;
                }
            }
        }
        return false;
    }
}
