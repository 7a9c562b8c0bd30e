package dev.bindery.spring.internal;

/**
 * Whether a statement's SQL starts with a verb that changes data or schema ({@code insert}, {@code update},
 * {@code delete}, {@code merge}, DDL, ...), skipping leading blanks, comments and parentheses. It reads only the first
 * word and allocates nothing; it is asked only on connections routed to a replica, so a write there is refused before
 * it is sent. Reads that lock or write in other ways are left to the database, which replicas refuse as read-only.
 */
public final class SqlVerbs {
    private static final String[] WRITES = {"insert", "update", "delete", "merge", "upsert", "replace", "create", "alter",
            "drop", "truncate", "grant", "revoke", "rename", "comment", "copy", "lock"};

    private SqlVerbs() {
    }

    /** Whether {@code sql} starts with a data- or schema-changing verb. */
    public static boolean writes(String sql) {
        if (sql == null) {
            return false;
        }
        int i = skipNoise(sql, 0);
        int end = i;
        while (end < sql.length() && Character.isLetter(sql.charAt(end))) {
            end++;
        }
        int length = end - i;
        for (String verb : WRITES) {
            if (verb.length() == length && sql.regionMatches(true, i, verb, 0, length)) {
                return true;
            }
        }
        return false;
    }

    private static int skipNoise(String sql, int from) {
        int i = from;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c) || c == '(') {
                i++;
            } else if (c == '-' && i + 1 < sql.length() && sql.charAt(i + 1) == '-') {
                int nl = sql.indexOf('\n', i);
                i = nl < 0 ? sql.length() : nl + 1;
            } else if (c == '/' && i + 1 < sql.length() && sql.charAt(i + 1) == '*') {
                int close = sql.indexOf("*/", i + 2);
                i = close < 0 ? sql.length() : close + 2;
            } else {
                return i;
            }
        }
        return i;
    }
}
