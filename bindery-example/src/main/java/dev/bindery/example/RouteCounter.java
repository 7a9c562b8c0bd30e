package dev.bindery.example;

import dev.bindery.Route;
import dev.bindery.RouteReason;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/** Counts the routes the sessions took, per bind: writes (reason WRITE) and reads (every other route). */
final class RouteCounter implements Consumer<Route> {
    private final Map<String, LongAdder> reads = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> writes = new ConcurrentHashMap<>();

    @Override
    public void accept(Route route) {
        (route.reason() == RouteReason.WRITE ? writes : reads)
                .computeIfAbsent(route.bind(), k -> new LongAdder()).increment();
    }

    long reads(String bind) {
        LongAdder a = reads.get(bind);
        return a == null ? 0 : a.sum();
    }

    long writes(String bind) {
        LongAdder a = writes.get(bind);
        return a == null ? 0 : a.sum();
    }
}
