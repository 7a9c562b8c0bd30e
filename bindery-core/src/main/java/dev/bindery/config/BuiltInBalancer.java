package dev.bindery.config;

import dev.bindery.status.ReplicaInfo;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The balancers Bindery ships, chosen with the {@code balancer} option. The router recognises them and runs them on
 * an allocation-free path over its own replica array; {@link #choose(List)} gives the same choice over a list, for
 * code that composes balancers.
 */
public enum BuiltInBalancer implements Balancer {
    /** Each usable replica in turn. */
    ROUND_ROBIN("round-robin") {
        @Override
        public int choose(List<ReplicaInfo> usable) {
            return (int) Math.floorMod(nextTurn(), (long) usable.size());
        }
    },
    /** A usable replica picked at random. */
    RANDOM("random") {
        @Override
        public int choose(List<ReplicaInfo> usable) {
            return ThreadLocalRandom.current().nextInt(usable.size());
        }
    },
    /** Each usable replica in proportion to its {@code weight}. */
    WEIGHTED("weighted") {
        @Override
        public int choose(List<ReplicaInfo> usable) {
            long total = 0;
            for (ReplicaInfo r : usable) {
                total += r.weight();
            }
            long x = Math.floorMod(nextTurn(), total);
            for (int i = 0; i < usable.size(); i++) {
                x -= usable.get(i).weight();
                if (x < 0) {
                    return i;
                }
            }
            return usable.size() - 1;
        }
    },
    /** The usable replica with the fewest active connections (ties in turn). */
    LEAST_BUSY("least-busy") {
        @Override
        public int choose(List<ReplicaInfo> usable) {
            int n = usable.size();
            int start = (int) Math.floorMod(nextTurn(), (long) n);
            int best = start;
            for (int k = 1; k < n; k++) {
                int i = (start + k) % n;
                if (usable.get(i).activeConnections() < usable.get(best).activeConnections()) {
                    best = i;
                }
            }
            return best;
        }
    };

    private final String configName;
    private final AtomicLong turns = new AtomicLong();

    BuiltInBalancer(String configName) {
        this.configName = configName;
    }

    /** The name used in configuration ({@code round-robin}, {@code random}, {@code weighted}, {@code least-busy}). */
    public String configName() {
        return configName;
    }

    long nextTurn() {
        return turns.getAndIncrement();
    }
}
