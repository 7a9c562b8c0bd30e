package dev.bindery;

/**
 * One routing decision, as a value: which bind serves the unit of work, in which group and role, and why.
 * Routes are logged at debug, counted per bind, and can be asserted in tests.
 *
 * @param bind   the key of the chosen bind
 * @param group  the key of the group's primary
 * @param role   the role of the chosen bind
 * @param reason why it was chosen
 */
public record Route(String bind, String group, Role role, RouteReason reason) {
    @Override
    public String toString() {
        return "Route[" + bind + " (" + role.name().toLowerCase(java.util.Locale.ROOT) + " of " + group + "), " + reason + "]";
    }
}
