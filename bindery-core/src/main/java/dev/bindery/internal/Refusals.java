package dev.bindery.internal;

import dev.bindery.spi.Refusal;
import dev.bindery.spi.RouteListener;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where every refusal of the router passes: counted by kind (and residency refusals by region), then shown to the
 * route listeners, then thrown by the caller.
 */
public final class Refusals {
    private static final Refusal.Kind[] KINDS = Refusal.Kind.values();

    private final RouteListener[] listeners;
    private final LongAdder[] byKind = new LongAdder[KINDS.length];
    private final Map<String, LongAdder> residencyByRegion = new ConcurrentHashMap<>();

    public Refusals(RouteListener[] listeners) {
        this.listeners = listeners;
        for (int i = 0; i < byKind.length; i++) {
            byKind[i] = new LongAdder();
        }
    }

    /** Counts the refusal {@code e} of {@code kind}, shows it to the listeners, and returns {@code e} to throw. */
    public <E extends RuntimeException> E refuse(Refusal.Kind kind, String bind, String group, String region, E e) {
        byKind[kind.ordinal()].increment();
        if (kind == Refusal.Kind.RESIDENCY || kind == Refusal.Kind.ENTITY_REGION) {
            residencyByRegion.computeIfAbsent(region == null ? "(none)" : region, r -> new LongAdder()).increment();
        }
        if (listeners.length != 0) {
            Refusal refusal = new Refusal(kind, bind, group, region, e.getMessage());
            for (RouteListener l : listeners) {
                try {
                    l.routeRefused(refusal);
                } catch (RuntimeException listenerFailure) {
                    e.addSuppressed(listenerFailure);
                }
            }
        }
        return e;
    }

    /** Refusals so far, by kind (every kind present, zero when none). */
    public Map<Refusal.Kind, Long> byKind() {
        Map<Refusal.Kind, Long> out = new EnumMap<>(Refusal.Kind.class);
        for (Refusal.Kind k : KINDS) {
            out.put(k, byKind[k.ordinal()].sum());
        }
        return out;
    }

    /** Residency refusals (of data and of entities' own region) so far, by region ({@code (none)}: no region set). */
    public Map<String, Long> residencyByRegion() {
        Map<String, Long> out = new LinkedHashMap<>();
        residencyByRegion.forEach((r, n) -> out.put(r, n.sum()));
        return out;
    }
}
