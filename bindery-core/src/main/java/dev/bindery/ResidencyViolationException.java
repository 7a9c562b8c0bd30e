package dev.bindery;

import java.util.List;

/**
 * Thrown before any SQL when resident data would be read or written outside its region: no bind of the current
 * region can serve it, an explicit bind lies in another region, or the entity's own region disagrees. It names the
 * data, the region and every bind rejected with its region.
 */
public final class ResidencyViolationException extends ResidencyException {
    private static final long serialVersionUID = 1L;
    private final String region;
    private final transient List<String> rejected;

    public ResidencyViolationException(String message, String region, List<String> rejected) {
        super(message);
        this.region = region;
        this.rejected = List.copyOf(rejected);
    }

    /** The region the data is bound to. */
    public String region() {
        return region;
    }

    /** The binds rejected, as {@code key(region)}. */
    public List<String> rejected() {
        return rejected;
    }
}
