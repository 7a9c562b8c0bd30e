package dev.bindery.spring.boot;

import dev.bindery.Binds;
import dev.bindery.config.ReplicaFallback;
import dev.bindery.spi.Role;
import dev.bindery.status.BindState;
import dev.bindery.status.BindStatus;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.util.List;

/**
 * The health of one bind, from {@link Binds#status(String)} (the health monitor's last checks; it opens no
 * connection): its state, role, group and lag. It is {@code DOWN} only when the bind's group cannot serve: a primary
 * that is down (its group takes no writes), a replica whose group has no usable replica left and cannot fall back to
 * its primary. An ejected or lagging replica whose group still serves reads is {@code UP}, with {@code serving: false}.
 */
public final class BindHealthIndicator implements HealthIndicator {
    private final Binds binds;
    private final String key;

    /** The health of bind {@code key} of {@code binds}. */
    public BindHealthIndicator(Binds binds, String key) {
        this.binds = binds;
        this.key = key;
    }

    @Override
    public Health health() {
        BindStatus s = binds.status(key);
        Health.Builder h = groupServes(s) ? Health.up() : Health.down();
        h.withDetail("role", s.role().name().toLowerCase(java.util.Locale.ROOT))
                .withDetail("group", s.group())
                .withDetail("state", s.state().name())
                .withDetail("serving", s.state() == BindState.UP);
        if (s.role() == Role.REPLICA) {
            h.withDetail("lagMillis", s.lagMillis()).withDetail("lagBytes", s.lagBytes());
        }
        if (s.lastError() != null) {
            h.withDetail("lastError", s.lastError());
        }
        return h.build();
    }

    private boolean groupServes(BindStatus s) {
        if (s.state() == BindState.UP) {
            return true;
        }
        if (s.role() == Role.PRIMARY) {
            return false;                       // no writes for the group
        }
        List<String> replicas = binds.replicas(s.group());
        for (String r : replicas) {
            if (binds.status(r).state() == BindState.UP) {
                return true;
            }
        }
        boolean fallback = binds.config(s.group()).groupOptions().replicaFallback() == ReplicaFallback.PRIMARY;
        return fallback && binds.status(s.group()).state() == BindState.UP;
    }
}
