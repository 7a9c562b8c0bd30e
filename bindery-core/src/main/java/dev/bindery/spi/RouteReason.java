package dev.bindery.spi;

import dev.bindery.BindContext;

/** Why the router chose the bind it chose. */
public enum RouteReason {
    /** The session named the bind ({@code usingBind}). */
    EXPLICIT_BIND,
    /** The innermost {@link BindContext} scope named the bind. */
    CONTEXT_BIND,
    /** No hint: the group's primary serves work whose access is unknown. */
    DEFAULT,
    /** The work writes or locks. */
    WRITE,
    /** The work runs inside a read-write transaction. */
    READ_WRITE_TRANSACTION,
    /** The session wrote to this group before: its reads stay on the primary (read-your-writes). */
    READ_YOUR_WRITES,
    /** A read served by a replica chosen by the group's balancer. */
    REPLICA_READ,
    /** A read with no usable replica: the primary serves it (counted). */
    REPLICA_FALLBACK,
    /** A read in a group without replicas. */
    NO_REPLICAS,
    /** A read carrying a causal token that no usable replica had reached. */
    CAUSAL_TOKEN
}
