package dev.bindery;

/**
 * Work refused because it would read or write resident data outside its region, or with no region set.
 * Nothing was sent; the message names the region and the binds that were ruled out.
 */
public abstract class ResidencyException extends BinderyException {
    private static final long serialVersionUID = 1L;

    protected ResidencyException(String message) {
        super(message);
    }

    protected ResidencyException(String message, Throwable cause) {
        super(message, cause);
    }
}
