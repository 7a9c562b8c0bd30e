package dev.bindery.config;

/**
 * Whether a replica group's roles are fixed by the configuration or found from the databases (the {@code failover}
 * group option).
 */
public enum Failover {
    /** Roles as configured: the bind without {@code replicaOf} is the primary, always. */
    NONE,
    /**
     * Roles discovered: every member is asked whether it is in recovery (and on which timeline) at each health check,
     * so a promoted replica becomes the group's primary and an old primary that comes back writable is fenced.
     * PostgreSQL and MariaDB groups only.
     */
    FOLLOW;

    /** The name in configuration ({@code none}, {@code follow}). */
    public String configName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
