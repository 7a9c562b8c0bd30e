package dev.bindery;

/**
 * Thrown for work that was on its way to a group's primary when the primary changed (a promotion or a planned
 * switchover in a {@code failover=follow} group): the old primary lost the connection or refused the write because it
 * is no longer writable. The database rolled the transaction back, so nothing of it is applied, unless the message
 * says the connection was lost during the commit itself, when its outcome is unknown. Retrying is safe: the retry is
 * routed to the new primary.
 */
public final class PrimaryChangedException extends AvailabilityException {
    private static final long serialVersionUID = 1L;
    private final String group;

    public PrimaryChangedException(String group, String message, Throwable cause) {
        super(message, cause);
        this.group = group;
    }

    /** The group whose primary changed. */
    public String group() {
        return group;
    }

    /** Always true: the work may be run again, and goes to the new primary. */
    public boolean isRetryable() {
        return true;
    }
}
