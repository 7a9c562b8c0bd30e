package dev.bindery.example.spring.probe;

import dev.bindery.spi.Route;
import dev.bindery.spi.RouteListener;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.stereotype.Component;

/**
 * Every route the starter's router decides, counted by bind and by {@code bind/reason}, and the last thread that
 * routed work to each bind. The starter registers RouteListener beans on its binds; the recipe has none to call it.
 */
@Component
public class RouteLog implements RouteListener {
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final Map<String, String> lastThread = new ConcurrentHashMap<>();

    @Override
    public void routeDecided(Route route) {
        counts.computeIfAbsent(route.bind(), k -> new LongAdder()).increment();
        counts.computeIfAbsent(route.bind() + "/" + route.reason(), k -> new LongAdder()).increment();
        lastThread.put(route.bind(), Thread.currentThread().getName());
    }

    /** The counts so far, sorted by key. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Routes to {@code key} (a bind, or {@code bind/reason}) since {@code before} was taken. */
    public static long since(Map<String, Long> before, Map<String, Long> after, String key) {
        return after.getOrDefault(key, 0L) - before.getOrDefault(key, 0L);
    }

    /** The thread that last routed work to {@code bind}, or {@code null}. */
    public String lastThread(String bind) {
        return lastThread.get(bind);
    }
}
