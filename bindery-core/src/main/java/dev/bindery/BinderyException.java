package dev.bindery;

/**
 * Root of every exception Bindery throws. All are unchecked; each subclass is named for what failed,
 * and its message says what to do next. Messages never contain passwords or other secrets.
 */
public abstract class BinderyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected BinderyException(String message) {
        super(message);
    }

    protected BinderyException(String message, Throwable cause) {
        super(message, cause);
    }
}
