package dev.bindery;

/**
 * A database could not do the work: a primary is down, no replica can serve a read, or a commit failed
 * part-way. The message says what was (or may have been) applied; work that failed before anything could commit can be
 * retried once the bind is back.
 */
public abstract class AvailabilityException extends BinderyException {
    private static final long serialVersionUID = 1L;

    protected AvailabilityException(String message) {
        super(message);
    }

    protected AvailabilityException(String message, Throwable cause) {
        super(message, cause);
    }
}
