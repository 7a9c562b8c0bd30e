package dev.bindery;

/**
 * What a caller (a session, a data source) knows about one unit of work, handed to {@link Router#route(RouteRequest)}.
 *
 * @param bind          an explicit bind chosen by the caller ({@code usingBind}), or {@code null}
 * @param group         the group of the entity or table touched ({@code @BindKey}), or {@code null} for the default
 * @param access        whether the work reads, writes, or is unknown
 * @param primaryReason when not {@code null}, the caller requires the primary for this reason
 *                      ({@link RouteReason#READ_WRITE_TRANSACTION} or {@link RouteReason#READ_YOUR_WRITES})
 */
public record RouteRequest(String bind, String group, Access access, RouteReason primaryReason) {

    public RouteRequest {
        if (access == null) {
            throw new IllegalArgumentException("access must not be null");
        }
    }

    /** A request for work of {@code access} in {@code group}, with no other hint. */
    public static RouteRequest of(String group, Access access) {
        return new RouteRequest(null, group, access, null);
    }

    /** This request with an explicit bind. */
    public RouteRequest withBind(String bind) {
        return new RouteRequest(bind, group, access, primaryReason);
    }

    /** This request, pinned to the primary for {@code reason}. */
    public RouteRequest withPrimaryRequired(RouteReason reason) {
        return new RouteRequest(bind, group, access, reason);
    }
}
