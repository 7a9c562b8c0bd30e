package dev.bindery;

import java.util.List;

/**
 * Thrown instead of sending a write to a {@code failover=follow} group in which two members take writes and nothing
 * tells which one is current (the same timeline, or a database without timelines): Bindery never guesses. It names
 * both members; nothing was sent. Writes resume at the first health check that finds only one of them writable.
 */
public final class SplitBrainException extends AvailabilityException {
    private static final long serialVersionUID = 1L;
    private final String group;
    private final List<String> members;

    public SplitBrainException(String group, List<String> members, String message) {
        super(message);
        this.group = group;
        this.members = List.copyOf(members);
    }

    /** The group refused. */
    public String group() {
        return group;
    }

    /** The bind keys of the two writable members. */
    public List<String> members() {
        return members;
    }
}
