package dev.bindery;

import java.util.Map;

/**
 * Thrown for a read when no replica of its group is usable and the group is configured with
 * {@code replicaFallback=fail}. The message lists each replica and why it was skipped.
 */
public final class NoReplicaAvailableException extends AvailabilityException {
    private static final long serialVersionUID = 1L;
    private final transient Map<String, String> skipped;

    public NoReplicaAvailableException(String group, Map<String, String> skipped) {
        super("No replica of group '" + group + "' can serve this read, and replicaFallback=fail forbids the primary. "
                + "Skipped: " + skipped + ". Wait for a replica to recover, or set replicaFallback=primary.");
        this.skipped = Map.copyOf(skipped);
    }

    /** Each replica key and why it was skipped. */
    public Map<String, String> skipped() {
        return skipped;
    }
}
