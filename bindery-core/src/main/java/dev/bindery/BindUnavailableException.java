package dev.bindery;

/**
 * Thrown when a bind cannot give a connection (the server is down or the pool timed out). It names the bind and
 * the last error; writes are never redirected elsewhere.
 */
public final class BindUnavailableException extends AvailabilityException {
    private static final long serialVersionUID = 1L;
    private final String key;

    public BindUnavailableException(String key, String message, Throwable cause) {
        super(message, cause);
        this.key = key;
    }

    /** The bind that failed. */
    public String key() {
        return key;
    }
}
