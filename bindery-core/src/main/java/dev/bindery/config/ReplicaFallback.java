package dev.bindery.config;

import dev.bindery.NoReplicaAvailableException;

/** What a read does when no replica of its group is usable. */
public enum ReplicaFallback {
    /** Read from the primary; each fallback is counted and logged. */
    PRIMARY,
    /** Fail with {@code NoReplicaAvailableException}, listing each replica and why it was skipped. */
    FAIL
}
