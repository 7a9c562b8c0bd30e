package dev.bindery.spi;

/**
 * Work the router refused before any SQL, as a value handed to {@link RouteListener#routeRefused(Refusal)} and counted
 * in {@link Router#refusals()}. The exception the caller gets carries the same message as {@link #reason()}.
 *
 * @param kind   which rule refused it
 * @param bind   the bind the work was pointed at, or {@code null} when none was chosen yet
 * @param group  the group of the work, or {@code null} when unknown
 * @param region the current region of the work, or {@code null} when none was set
 * @param reason the message of the exception thrown (no secrets: it names binds, groups and regions only)
 */
public record Refusal(Kind kind, String bind, String group, String region, String reason) {

    /** The rules that refuse work. */
    public enum Kind {
        /** Resident data with no region set, or no bind of the current region to serve it. */
        RESIDENCY,
        /** An entity whose own region attribute names another region than the session's. */
        ENTITY_REGION,
        /** A write pointed at a replica or a read-only bind, or sent by work held on one (in a transaction or not). */
        READ_ONLY_WRITE,
        /** A derived bind ({@code BindContext.use(key, options)}) asked a read-only bind for a writable connection. */
        DERIVED_WRITE,
        /** Work on an entity pointed at a bind of another group, which does not map it. */
        GROUP_MISMATCH,
        /** A unit of work asked for another bind of its group while its transaction was held on one. */
        BIND_SWITCH
    }
}
