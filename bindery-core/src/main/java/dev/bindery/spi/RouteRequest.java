package dev.bindery.spi;


import dev.bindery.Router;
import dev.bindery.CausalToken;
import dev.bindery.Access;
/**
 * What a caller (a session, a data source) knows about one unit of work, handed to {@link Router#route(RouteRequest)}.
 *
 * @param bind          an explicit bind chosen by the caller ({@code usingBind}), or {@code null}
 * @param group         the group of the entity or table touched ({@code @BindKey}), or {@code null} for the default
 * @param access        whether the work reads, writes, or is unknown
 * @param primaryReason when not {@code null}, the caller requires the primary for this reason
 *                      ({@link RouteReason#READ_WRITE_TRANSACTION} or {@link RouteReason#READ_YOUR_WRITES})
 * @param token         reads must see the writes this causal token records, or {@code null}
 * @param region        the caller's current region (the session's), or {@code null} to use the context's
 * @param resident      whether the data touched is resident data, confined to its region
 * @param subject       what is touched, for messages (an entity name), or {@code null}
 */
public record RouteRequest(String bind, String group, Access access, RouteReason primaryReason, CausalToken token,
                           String region, boolean resident, String subject) {

    public RouteRequest {
        if (access == null) {
            throw new IllegalArgumentException("access must not be null");
        }
    }

    /** A request for work of {@code access} in {@code group}, with no other hint. */
    public static RouteRequest of(String group, Access access) {
        return new RouteRequest(null, group, access, null, null, null, false, null);
    }

    /** This request with an explicit bind. */
    public RouteRequest withBind(String bind) {
        return new RouteRequest(bind, group, access, primaryReason, token, region, resident, subject);
    }

    /** This request, pinned to the primary for {@code reason}. */
    public RouteRequest withPrimaryRequired(RouteReason reason) {
        return new RouteRequest(bind, group, access, reason, token, region, resident, subject);
    }

    /** This request, whose reads must see the writes {@code token} records. */
    public RouteRequest withToken(CausalToken token) {
        return new RouteRequest(bind, group, access, primaryReason, token, region, resident, subject);
    }

    /** This request in {@code region}. */
    public RouteRequest withRegion(String region) {
        return new RouteRequest(bind, group, access, primaryReason, token, region, resident, subject);
    }

    /** This request for resident data named {@code subject} (confined to its region). */
    public RouteRequest withResident(String subject) {
        return new RouteRequest(bind, group, access, primaryReason, token, region, true, subject);
    }
}
