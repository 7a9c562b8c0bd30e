package dev.bindery;

import dev.bindery.config.BindOption;
import dev.bindery.internal.Suggestions;
import dev.bindery.internal.TokenKeys;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates a whole configuration at once: each bind's own options ({@link BindValidator}), then everything across
 * binds (keys, {@code replicaOf}, group options set on a replica, custom balancers). Every problem is collected, even
 * when a bind has problems of its own, and all of them are thrown together in one {@link BindConfigException}.
 */
final class BindsValidator {
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_@-]+");

    private BindsValidator() {
    }

    /**
     * Whether {@code key} may name a new bind next to {@code existing}; a problem naming the key explains why not.
     * A key that differs from another only in case is accepted with a problem, so that its own options are checked too.
     */
    static boolean acceptKey(String key, Collection<String> existing, List<BindConfigException.Problem> problems) {
        if (key == null || !KEY.matcher(key).matches()) {
            problems.add(new BindConfigException.Problem(String.valueOf(key), "key",
                    "a bind key must be letters, digits, '_', '-' or '@'"));
            return false;
        }
        if (existing.contains(key)) {
            problems.add(new BindConfigException.Problem(key, "key", "is defined twice; each bind key must be unique"));
            return false;
        }
        for (String other : existing) {
            if (other.toLowerCase(Locale.ROOT).equals(key.toLowerCase(Locale.ROOT))) {
                problems.add(new BindConfigException.Problem(key, "key", "differs from bind '" + other
                        + "' only in case; keys are case-sensitive, so this is most likely a duplicate"));
            }
        }
        return true;
    }

    /**
     * Validates every bind and the relations between them.
     *
     * @param binds          the binds' builders by key, in configuration order
     * @param early          problems found while the configuration was read
     * @param environment    where {@code ${NAME}} placeholders are read
     * @param balancerGroups the groups given a custom balancer
     * @return the configs, the default bind first
     * @throws BindConfigException listing every problem
     */
    static Validated validate(Map<String, BindConfig.Builder> binds, List<BindConfigException.Problem> early,
                              Map<String, String> environment, Set<String> balancerGroups, List<String> tokenKeysFromCode) {
        List<BindConfigException.Problem> out = new ArrayList<>(early);
        if (binds.isEmpty() && out.isEmpty()) {
            out.add(new BindConfigException.Problem(Binds.DEFAULT, "url",
                    "no bind is configured: give at least the default bind a URL (bindery.url, url, or bind(\"default\", url))"));
        }
        Placeholders placeholders = new Placeholders(environment);
        List<BindConfig> configs = new ArrayList<>();
        for (BindConfig.Builder b : defaultFirst(binds.values())) {
            BindConfig c = BindValidator.validate(b, placeholders, out);
            if (c != null) {
                configs.add(c);
            }
        }
        for (BindConfig.Builder b : binds.values()) {
            checkReplicaOf(b, binds, out);
            checkGroupOptions(b, out);
        }
        for (BindConfig.Builder b : binds.values()) {
            if (b.replicaOf == null && b.failover == dev.bindery.config.Failover.FOLLOW) {
                checkFollowingGroup(b, binds.values(), out);
            }
        }
        for (String g : balancerGroups) {
            BindConfig.Builder primary = binds.get(g);
            if (primary == null || primary.replicaOf != null) {
                out.add(new BindConfigException.Problem(g, "balancer", "names no primary bind; a balancer belongs to a group"));
            }
        }
        TokenKeys keys = tokenKeys(binds, tokenKeysFromCode, out);
        if (!out.isEmpty()) {
            throw new BindConfigException(out);
        }
        return new Validated(configs, keys);
    }

    /** A valid configuration: the binds' configs, the default first, and the keys that sign client tokens. */
    record Validated(List<BindConfig> configs, TokenKeys tokenKeys) {
    }

    /** The token keys from code or the default bind's {@code tokenKeys} (not both), validated; random when none. */
    private static TokenKeys tokenKeys(Map<String, BindConfig.Builder> binds, List<String> fromCode,
                                       List<BindConfigException.Problem> out) {
        List<String> keys = fromCode;
        String field = BindOption.TOKEN_KEYS.optionName();
        for (BindConfig.Builder b : binds.values()) {
            if (b.tokenKeys == null) {
                continue;
            }
            if (!b.key.equals(Binds.DEFAULT)) {
                out.add(new BindConfigException.Problem(b.key, field, "is Binds-wide: set it at the top level "
                        + "(bindery.tokenKeys, BINDERY_TOKEN_KEYS, or Binds.builder().tokenKeys(...)), not on a named bind"));
            } else if (keys != null) {
                out.add(new BindConfigException.Problem(b.key, field, "is set both by Binds.builder().tokenKeys(...) "
                        + "and in the configuration; set it once"));
            } else {
                keys = TokenKeys.split(b.tokenKeys);
            }
        }
        if (keys == null) {
            return TokenKeys.random();
        }
        List<String> problems = TokenKeys.problems(keys);
        problems.forEach(p -> out.add(new BindConfigException.Problem(Binds.DEFAULT, field, p)));
        return problems.isEmpty() ? TokenKeys.of(keys) : null;
    }

    /**
     * Validates a replica added to running binds.
     *
     * @throws BindConfigException listing every problem
     */
    static BindConfig validateAddedReplica(BindConfig.Builder b, List<BindConfigException.Problem> early,
                                           Map<String, String> environment, Collection<String> keys, Set<String> groups) {
        List<BindConfigException.Problem> out = new ArrayList<>(early);
        BindConfig config = b == null ? null : BindValidator.validate(b, new Placeholders(environment), out);
        if (b != null) {
            if (keys.contains(b.key)) {
                out.add(new BindConfigException.Problem(b.key, "key", "is already a bind of these Binds"));
            } else if (b.replicaOf == null) {
                out.add(new BindConfigException.Problem(b.key, "replicaOf", "is required for a replica added at run time"));
            } else if (!groups.contains(b.replicaOf)) {
                out.add(new BindConfigException.Problem(b.key, "replicaOf", "names '" + b.replicaOf
                        + "', which is not a primary; known groups: " + groups));
            }
            checkGroupOptions(b, out);
        }
        if (!out.isEmpty() || config == null) {
            throw new BindConfigException(out);
        }
        return config;
    }

    private static void checkReplicaOf(BindConfig.Builder b, Map<String, BindConfig.Builder> binds,
                                       List<BindConfigException.Problem> out) {
        String primary = b.replicaOf;
        if (primary == null) {
            return;
        }
        BindConfig.Builder target = binds.get(primary);
        if (primary.equals(b.key)) {
            out.add(new BindConfigException.Problem(b.key, "replicaOf", "a bind cannot be a replica of itself"));
        } else if (target == null) {
            String hint = Suggestions.closest(primary, binds.keySet())
                    .map(s -> "; did you mean '" + s + "'?").orElse("; known binds: " + binds.keySet());
            out.add(new BindConfigException.Problem(b.key, "replicaOf", "names unknown bind '" + primary + "'" + hint));
        } else if (target.replicaOf != null) {
            out.add(new BindConfigException.Problem(b.key, "replicaOf", "names '" + primary
                    + "', which is itself a replica of '" + target.replicaOf + "'; point it at the primary '"
                    + target.replicaOf + "' instead"));
        }
    }

    /**
     * A group whose roles come from the databases ({@code failover=follow}): every member must be a database whose role
     * can be asked (PostgreSQL or MariaDB, one family), none may be read-only by configuration (any member may become
     * the primary), and all lie in one region (a failover must not move the primary out of it).
     */
    private static void checkFollowingGroup(BindConfig.Builder primary, Collection<BindConfig.Builder> all,
                                            List<BindConfigException.Problem> out) {
        String field = BindOption.FAILOVER.optionName();
        String family = null;
        for (BindConfig.Builder m : all) {
            if (!m.key.equals(primary.key) && !primary.key.equals(m.replicaOf)) {
                continue;
            }
            String f = m.url == null ? null : m.url.startsWith("jdbc:postgresql:") ? "PostgreSQL"
                    : m.url.startsWith("jdbc:mariadb:") || m.url.startsWith("jdbc:mysql:") ? "MariaDB" : "other";
            if ("other".equals(f)) {
                out.add(new BindConfigException.Problem(m.key, "url", "is not a PostgreSQL or MariaDB URL, but group '"
                        + primary.key + "' has " + field + "=follow, which asks each member for its role: use "
                        + field + "=none for this group, or a PostgreSQL or MariaDB database"));
            } else if (f != null && family != null && !family.equals(f)) {
                out.add(new BindConfigException.Problem(m.key, "url", "is a " + f + " URL in group '" + primary.key
                        + "', whose other members are " + family + ": a group with " + field + "=follow is one database family"));
            } else if (f != null) {
                family = f;
            }
            if (m.readOnly) {
                out.add(new BindConfigException.Problem(m.key, "readOnly", "is true, but group '" + primary.key + "' has "
                        + field + "=follow, where any member may become the primary: remove readOnly (members in "
                        + "recovery are read-only anyway), or use " + field + "=none"));
            }
            if (!java.util.Objects.equals(m.region, primary.region) && m.region != null) {
                out.add(new BindConfigException.Problem(m.key, "region", "is '" + m.region + "', but group '" + primary.key
                        + "' (" + field + "=follow) lies in " + (primary.region == null ? "no region" : "region '"
                        + primary.region + "'") + ": every member may become its primary, so all lie in one region"));
            }
        }
    }

    /** A group's options live on its primary: on a replica each one is a problem that says where to set it. */
    private static void checkGroupOptions(BindConfig.Builder b, List<BindConfigException.Problem> out) {
        if (b.replicaOf == null) {
            return;
        }
        for (BindOption option : b.groupOptionsSet) {
            out.add(new BindConfigException.Problem(b.key, option.optionName(), "is a group option, and this bind is a "
                    + "replica of '" + b.replicaOf + "': set it on the primary '" + b.replicaOf + "' instead, for the whole group"));
        }
    }

    private static List<BindConfig.Builder> defaultFirst(Collection<BindConfig.Builder> builders) {
        List<BindConfig.Builder> ordered = new ArrayList<>(builders);
        ordered.sort((a, c) -> Boolean.compare(!a.key.equals(Binds.DEFAULT), !c.key.equals(Binds.DEFAULT)));
        return ordered;
    }
}
