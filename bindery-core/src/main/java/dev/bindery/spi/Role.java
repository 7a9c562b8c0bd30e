package dev.bindery.spi;

/** The role of a bind in its group: the primary takes writes, replicas serve reads. */
public enum Role {
    PRIMARY, REPLICA
}
