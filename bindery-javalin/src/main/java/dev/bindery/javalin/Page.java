package dev.bindery.javalin;

import java.util.List;

/**
 * One page of a listing with offset pagination: the items, the total count, and links to the next and previous
 * pages (null at either end).
 */
public record Page<T>(List<T> items, long total, int offset, int limit, String next, String prev) {
    /** The page of {@code items} at {@code offset} out of {@code total}, with links built on {@code path}. */
    public static <T> Page<T> of(List<T> items, long total, int offset, int limit, String path) {
        String next = offset + limit < total ? link(path, offset + limit, limit) : null;
        String prev = offset > 0 ? link(path, Math.max(0, offset - limit), limit) : null;
        return new Page<>(List.copyOf(items), total, offset, limit, next, prev);
    }

    private static String link(String path, int offset, int limit) {
        return path + "?offset=" + offset + "&limit=" + limit;
    }
}
