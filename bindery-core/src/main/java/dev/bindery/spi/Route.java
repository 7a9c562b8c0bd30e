package dev.bindery.spi;

/**
 * One routing decision, as a value: which bind serves the unit of work, in which group and role, and why.
 * Routes are logged at debug, counted per bind, and can be asserted in tests.
 *
 * @param bind   the key of the chosen bind
 * @param group  the key of the group's primary
 * @param role   the role of the chosen bind
 * @param reason   why it was chosen
 * @param region   the region residency confined the decision to, or {@code null} when residency did not apply
 * @param rejected binds residency removed from the candidates, as {@code key(region)}; empty when none
 */
public record Route(String bind, String group, Role role, RouteReason reason, String region, java.util.List<String> rejected) {

    public Route {
        rejected = rejected == null ? java.util.List.of() : java.util.List.copyOf(rejected);
    }

    /** A route that residency did not touch. */
    public Route(String bind, String group, Role role, RouteReason reason) {
        this(bind, group, role, reason, null, java.util.List.of());
    }

    @Override
    public String toString() {
        return "Route[" + bind + " (" + role.name().toLowerCase(java.util.Locale.ROOT) + " of " + group + "), " + reason
                + (region == null ? "" : ", region " + region + (rejected.isEmpty() ? "" : ", rejected " + rejected)) + "]";
    }
}
