package dev.bindery.spi;

/** What a unit of work will do, as far as the caller knows; it drives the choice between primary and replica. */
public enum Access {
    /** The work only reads: a replica may serve it. */
    READ,
    /** The work writes or locks: only the primary may serve it. */
    WRITE,
    /** The caller does not know (plain JDBC without a read-only hint): the primary serves it. */
    UNSPECIFIED
}
