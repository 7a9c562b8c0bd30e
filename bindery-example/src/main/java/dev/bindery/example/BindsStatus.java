package dev.bindery.example;

import dev.bindery.status.BindStatus;
import dev.bindery.status.BindState;
import dev.bindery.Binds;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code GET /binds} answers, from {@link Binds#status()}: per bind, its role, whether it is up, its pool, and the
 * reads and writes routed to it.
 */
final class BindsStatus {
    private final Binds binds;

    BindsStatus(Binds binds) {
        this.binds = binds;
    }

    Map<String, Object> snapshot() {
        Map<String, Object> all = new LinkedHashMap<>();
        for (BindStatus s : binds.status()) {
            Map<String, Object> bind = new LinkedHashMap<>();
            bind.put("role", s.role().name().toLowerCase());
            bind.put("group", s.group());
            bind.put("up", s.state() == BindState.UP || s.state() == BindState.LAGGING);
            bind.put("state", s.state().name().toLowerCase());
            bind.put("pool", Map.of("active", s.pool().active(), "idle", s.pool().idle(),
                    "waiting", s.pool().waiting(), "total", s.pool().total()));
            bind.put("reads", s.reads());
            bind.put("writes", s.writes());
            bind.put("fallbacks", s.fallbacks());
            if (s.lastError() != null) {
                bind.put("lastError", s.lastError());
            }
            all.put(s.key(), bind);
        }
        return all;
    }
}
