package dev.bindery.internal;

import dev.bindery.config.BuiltInBalancer;
import dev.bindery.status.ReplicaInfo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Chooses the replica of a group that serves a read: among the usable ones (up, within the causal token and the
 * region), by the group's balancer. A replica whose pool was saturated a moment ago is passed over while another is
 * usable, and chosen again when none is. Built-in balancers allocate nothing.
 */
public final class Balancers {
    private Balancers() {
    }

    /** The balancer's choice among usable replicas, or {@code null} when none is usable. */
    public static BindNode pick(ReplicaGroup rg, long position, String region) {
        BindNode[] r = rg.replicas();
        if (r.length == 0) {
            return null;
        }
        BindNode chosen = pick(rg, r, position, region, false);
        if (chosen == null && anySaturated(r)) {
            chosen = pick(rg, r, position, region, true);   // every usable replica is busy: load, not death
        }
        return chosen;
    }

    private static boolean anySaturated(BindNode[] r) {
        for (BindNode node : r) {
            if (node.isSaturated()) {
                return true;
            }
        }
        return false;
    }

    private static BindNode pick(ReplicaGroup rg, BindNode[] r, long position, String region, boolean busyToo) {
        int n = r.length;
        BuiltInBalancer b = rg.builtIn();
        if (b == null) {
            return pickCustom(rg, r, position, region, busyToo);
        }
        switch (b) {
            case RANDOM -> {
                int start = ThreadLocalRandom.current().nextInt(n);
                for (int k = 0; k < n; k++) {
                    BindNode node = r[(start + k) % n];
                    if (usable(node, position, region, busyToo)) {
                        return node;
                    }
                }
                return null;
            }
            case WEIGHTED -> {
                int total = 0;
                for (BindNode node : r) {
                    if (usable(node, position, region, busyToo)) {
                        total += node.config().weight();
                    }
                }
                if (total == 0) {
                    return null;
                }
                int x = Math.floorMod(rg.nextTurn(), total);
                for (BindNode node : r) {
                    if (usable(node, position, region, busyToo)) {
                        x -= node.config().weight();
                        if (x < 0) {
                            return node;
                        }
                    }
                }
                return null;
            }
            case LEAST_BUSY -> {
                int start = Math.floorMod(rg.nextTurn(), n);
                BindNode best = null;
                int bestBusy = Integer.MAX_VALUE;
                for (int k = 0; k < n; k++) {
                    BindNode node = r[(start + k) % n];
                    if (usable(node, position, region, busyToo)) {
                        int busy = node.busyConnections();
                        if (busy < bestBusy) {
                            best = node;
                            bestBusy = busy;
                        }
                    }
                }
                return best;
            }
            default -> {
                int i = n == 1 ? 0 : Math.floorMod(rg.nextTurn(), n);
                for (int k = 0; k < n; k++) {
                    BindNode node = r[i];
                    if (usable(node, position, region, busyToo)) {
                        return node;
                    }
                    i = i + 1 == n ? 0 : i + 1;
                }
                return null;
            }
        }
    }

    private static BindNode pickCustom(ReplicaGroup rg, BindNode[] r, long position, String region, boolean busyToo) {
        List<BindNode> usable = new ArrayList<>(r.length);
        List<ReplicaInfo> infos = new ArrayList<>(r.length);
        for (BindNode node : r) {
            if (usable(node, position, region, busyToo)) {
                usable.add(node);
                infos.add(new ReplicaInfo(node.key(), node.config().weight(), node.activeConnections(), node.health().lagMillis()));
            }
        }
        if (usable.isEmpty()) {
            return null;
        }
        int i = rg.balancer().choose(List.copyOf(infos));
        if (i < 0 || i >= usable.size()) {
            throw new IllegalStateException("Balancer " + rg.balancer() + " of group '" + rg.key() + "' chose index " + i
                    + " out of " + usable.size() + " usable replicas");
        }
        return usable.get(i);
    }

    /** Whether {@code node} may serve a read: up, past {@code position} (-1: any), in {@code region} (null: any). */
    public static boolean usable(BindNode node, long position, String region) {
        return node.health().isUp()
                && (position < 0 || node.health().position() >= position)
                && (region == null || region.equals(node.config().region()));
    }

    private static boolean usable(BindNode node, long position, String region, boolean busyToo) {
        return usable(node, position, region) && (busyToo || !node.isSaturated());
    }

    /** Why each replica of {@code rg} was or was not usable, for messages. */
    public static Map<String, String> skipped(ReplicaGroup rg, long position, String region) {
        Map<String, String> out = new LinkedHashMap<>();
        for (BindNode r : rg.replicas()) {
            String why;
            if (!r.health().isUp()) {
                why = r.health().state() + (r.health().lastError() == null ? "" : " (" + r.health().lastError() + ")");
            } else if (region != null && !region.equals(r.config().region())) {
                why = "outside region " + region;
            } else if (position >= 0 && r.health().position() < position) {
                why = "behind the causal token";
            } else {
                why = "usable";
            }
            out.put(r.key(), why);
        }
        return out;
    }
}
