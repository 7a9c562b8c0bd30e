package dev.bindery;

/** Thrown before any SQL when resident data is touched with no current region. The message says how to set one. */
public final class ResidencyRequiredException extends ResidencyException {
    private static final long serialVersionUID = 1L;

    public ResidencyRequiredException(String message) {
        super(message);
    }
}
