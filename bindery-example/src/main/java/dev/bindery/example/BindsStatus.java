package dev.bindery.example;

import dev.bindery.Binds;
import dev.bindery.PoolStats;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/** What {@code GET /binds} answers: per bind, its role, whether it answers, its pool and the routes it served. */
final class BindsStatus {
    private final Binds binds;
    private final RouteCounter counter;

    BindsStatus(Binds binds, RouteCounter counter) {
        this.binds = binds;
        this.counter = counter;
    }

    Map<String, Object> snapshot() {
        Map<String, Object> all = new LinkedHashMap<>();
        for (String key : binds.keys()) {
            Map<String, Object> bind = new LinkedHashMap<>();
            bind.put("role", binds.config(key).role().name().toLowerCase());
            bind.put("group", binds.groupOf(key));
            bind.put("up", isUp(key));
            PoolStats pool = binds.poolStats(key);
            bind.put("pool", Map.of("active", pool.active(), "idle", pool.idle(), "waiting", pool.waiting(),
                    "total", pool.total()));
            bind.put("reads", counter.reads(key));
            bind.put("writes", counter.writes(key));
            all.put(key, bind);
        }
        return all;
    }

    private boolean isUp(String key) {
        try (Connection c = binds.dataSource(key).getConnection()) {
            return c.isValid(2);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }
}
