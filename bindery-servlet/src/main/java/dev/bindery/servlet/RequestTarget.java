package dev.bindery.servlet;

/**
 * Where a request's sessions should be pointed, as chosen by the resolver of the Javalin plugin or the servlet filter: an explicit bind, a region
 * (data residency), both, or neither. The router still makes every routing decision; this only feeds it.
 *
 * @param bind   bind key the sessions use ({@code usingBind}), or null
 * @param region region the sessions are restricted to, or null
 */
public record RequestTarget(String bind, String region) {
    /** No target: the router decides from the entities and the request's access alone. */
    public static final RequestTarget NONE = new RequestTarget(null, null);

    /** Points the request's sessions at bind {@code key}; null or blank means no target. */
    public static RequestTarget bind(String key) {
        return key == null || key.isBlank() ? NONE : new RequestTarget(key.trim(), null);
    }

    /** Restricts the request's sessions to binds of {@code region}; null or blank means no target. */
    public static RequestTarget region(String region) {
        return region == null || region.isBlank() ? NONE : new RequestTarget(null, region.trim());
    }

    /** Whether this target names neither a bind nor a region. */
    public boolean isEmpty() {
        return bind == null && region == null;
    }
}
