package dev.bindery.internal;

/**
 * The one owner of regional group names: a group split by region is configured as one group per region, named
 * {@code name@region} ({@code users@eu}, {@code users@us}); {@code name} is the logical group that entities and
 * requests name. Everything that parses or forms such a name asks this class.
 */
public final class GroupNames {
    private static final char SEPARATOR = '@';

    private GroupNames() {
    }

    /** The logical group of {@code group}: {@code users} for {@code users@eu}, the name itself otherwise. */
    public static String logical(String group) {
        int at = group.indexOf(SEPARATOR);
        return at > 0 ? group.substring(0, at) : group;
    }

    /** The region {@code group} names ({@code eu} for {@code users@eu}), or {@code null} when it names none. */
    public static String region(String group) {
        int at = group.indexOf(SEPARATOR);
        return at > 0 ? group.substring(at + 1) : null;
    }

    /** Whether {@code group} is one region's group of a group split by region. */
    public static boolean isRegional(String group) {
        return group.indexOf(SEPARATOR) > 0;
    }

    /** The group of logical group {@code logical} in {@code region}: {@code users@eu}. */
    public static String regional(String logical, String region) {
        return logical + SEPARATOR + region;
    }

    /** Whether {@code group} is {@code logical} itself or one of its regional groups. */
    public static boolean belongsTo(String group, String logical) {
        return group.equals(logical) || (group.length() > logical.length() && group.charAt(logical.length()) == SEPARATOR
                && group.startsWith(logical));
    }
}
