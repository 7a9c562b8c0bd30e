package dev.bindery;

import dev.bindery.status.ReplicaInfo;
import dev.bindery.status.BindState;
import dev.bindery.spi.RouteRequest;
import dev.bindery.spi.RouteReason;
import dev.bindery.spi.RouteListener;
import dev.bindery.spi.Route;
import dev.bindery.config.ReplicaFallback;
import dev.bindery.config.Balancing;
import dev.bindery.internal.BindNode;
import dev.bindery.internal.HealthMonitor;
import dev.bindery.internal.ReplicaGroup;
import dev.bindery.internal.TokenBound;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The one routing rule of Bindery (DESIGN.md), applied to every unit of work:
 * <ol>
 *   <li>explicit: the caller's bind ({@code usingBind}), else the innermost {@link BindContext} bind;</li>
 *   <li>group: the entity's group, else the context's, else {@link Binds#DEFAULT}; a group split by region
 *       ({@code users@eu}, {@code users@us}) resolves to the current region's;</li>
 *   <li>role: the primary for writes, locks, read-write transactions, read-your-writes and unknown work; otherwise a
 *       healthy replica within its lag bound that has reached the causal token, chosen by the group's balancer; with
 *       none usable, the primary (counted) or {@link NoReplicaAvailableException};</li>
 *   <li>residency: for resident data, binds outside the current region are removed before step 3 picks; if none is
 *       left, {@link ResidencyViolationException} before any SQL.</li>
 * </ol>
 * Every module asks this class; none decides routes itself. Decisions are {@link Route} values, logged at debug and
 * counted per bind; the common paths allocate nothing.
 */
public final class Router {
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);
    private static final long FALLBACK_LOG_INTERVAL_NANOS = 10_000_000_000L;

    private volatile Map<String, BindNode> nodes;
    private volatile List<String> keys;
    private final Map<String, ReplicaGroup> groups;
    /** The default group, looked up once: most work without a context goes there. {@code null} without a default bind. */
    private final ReplicaGroup defaultGroup;
    private final Map<String, List<String>> regionalGroups;
    private final HealthMonitor monitor;
    private final TokenBound tokenBound;
    private final RouteListener[] listeners;
    private final Map<String, LongAdder> residencyRefusals = new ConcurrentHashMap<>();
    private final AtomicLong lastFallbackLog = new AtomicLong(System.nanoTime() - FALLBACK_LOG_INTERVAL_NANOS);

    Router(Map<String, BindNode> nodes, Map<String, ReplicaGroup> groups, HealthMonitor monitor, TokenBound tokenBound,
           List<RouteListener> listeners) {
        this.nodes = java.util.Collections.unmodifiableMap(new java.util.HashMap<>(nodes));   // hashing without division
        this.keys = List.copyOf(nodes.keySet());
        this.groups = groups;
        this.defaultGroup = groups.get(Binds.DEFAULT);
        this.monitor = monitor;
        this.tokenBound = tokenBound;
        this.listeners = listeners.toArray(new RouteListener[0]);
        Map<String, List<String>> regional = new LinkedHashMap<>();
        for (String g : groups.keySet()) {
            int at = g.indexOf('@');
            if (at > 0) {
                regional.computeIfAbsent(g.substring(0, at), k -> new ArrayList<>()).add(g);
            }
        }
        this.regionalGroups = Map.copyOf(regional);
    }

    /**
     * Routes one unit of work described by {@code request}, in the context of the current thread.
     *
     * @throws UnknownBindException         if the request or the context names a bind or group that does not exist
     * @throws ReplicaWriteException        if work that writes is pointed at a replica or a read-only bind
     * @throws BindUnavailableException     if the work needs a primary that is down
     * @throws NoReplicaAvailableException  if no replica can serve a read and the group forbids falling back
     * @throws ResidencyRequiredException   if resident data is touched with no current region
     * @throws ResidencyViolationException  if no bind of the current region can serve resident data
     */
    public Route route(RouteRequest request) {
        return decide(request.bind(), request.group(), request.access(), request.primaryReason(), request.token(),
                request.region(), request.resident(), request.subject(), BindContext.current());
    }

    /** Routes work of {@code access} in {@code group} with no other hint than the current {@link BindContext}. */
    public Route route(String group, Access access) {
        return decide(null, group, access, null, null, null, false, null, BindContext.current());
    }

    /** Refusals for residency so far, by region ({@code (none)} when no region was set). */
    public Map<String, Long> residencyRefusals() {
        Map<String, Long> out = new LinkedHashMap<>();
        residencyRefusals.forEach((r, n) -> out.put(r, n.sum()));
        return out;
    }

    Route decide(String explicitBind, String group, Access access, RouteReason primaryReason, CausalToken requestToken,
                 String requestRegion, boolean resident, String subject, BindContext context) {
        String region = requestRegion != null ? requestRegion : context.region();
        CausalToken token = requestToken == null ? context.token() : context.token() == null ? requestToken
                : requestToken.merge(context.token());
        String explicit = explicitBind != null ? explicitBind : context.bind();
        Route route;
        BindNode node;
        if (explicit != null) {
            node = node(explicit);
            RouteReason reason = explicitBind != null ? RouteReason.EXPLICIT_BIND : RouteReason.CONTEXT_BIND;
            route = node.route(reason);
            if (resident) {
                route = explicitResidency(node, reason, region, subject, context);
            }
            if (access == Access.WRITE && node.config().isReadOnly()) {
                throw new ReplicaWriteException("Refused a write routed to bind '" + node.key() + "', which is "
                        + (node.role() == Role.REPLICA ? "a read-only replica of '" + node.group() + "'" : "read-only")
                        + " (" + reason + "). Nothing was sent. Writes go to the primary '" + node.group()
                        + "': remove the explicit bind for this work, or name the primary.");
            }
            if (node.role() == Role.PRIMARY) {
                requireUp(node);
            }
        } else {
            if (access == Access.UNSPECIFIED && context.isReadOnly()) {
                access = Access.READ;
            }
            String g = group != null ? group : context.group() != null ? context.group() : Binds.DEFAULT;
            List<String> regional = regionalGroups.isEmpty() ? null : regionalGroups.get(g);
            boolean confined = resident || regional != null;
            if (confined && region == null) {
                throw refuse(null, new ResidencyRequiredException((subject == null ? "Group '" + g + "'" : subject + " (group '" + g + "')")
                        + (regional != null ? " is split by region " + regional : " is resident data")
                        + ", and no region is set. Set one: SessionOptions.builder().region(\"eu\") for a session, "
                        + "BindContext.region(\"eu\") for plain JDBC and background jobs, or a region resolver in the web module."));
            }
            ReplicaGroup rg = regional != null ? regionalGroup(g, region, regional, subject)
                    : g == Binds.DEFAULT && defaultGroup != null ? defaultGroup : group(g);   // identity: the constant
            if (!rg.isMonitored()) {
                monitor.monitor(rg);
            }
            String confine = confined ? region : null;
            if (access == Access.WRITE) {
                route = primary(rg, RouteReason.WRITE, confine, subject);
            } else if (primaryReason != null) {
                route = primary(rg, primaryReason, confine, subject);
            } else if (access == Access.UNSPECIFIED) {
                route = primary(rg, RouteReason.DEFAULT, confine, subject);
            } else {
                route = read(rg, token, confine, subject);
            }
            node = route.role() == Role.PRIMARY ? rg.primary() : rg.member(route.bind());
            if (node == null) {
                node = node(route.bind());   // a replica removed meanwhile
            }
        }
        count(node, access);
        if (listeners.length != 0) {
            for (RouteListener l : listeners) {
                l.routeDecided(route);
            }
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("routed {} {}", access, route);
        }
        return route;
    }

    private Route read(ReplicaGroup rg, CausalToken token, String region, String subject) {
        if (rg.replicas().length == 0) {
            return primary(rg, RouteReason.NO_REPLICAS, region, subject);
        }
        long position = token == null ? -1 : token.position(rg.key());
        if (position >= 0 && position > rg.primary().health().highestPosition()) {
            switch (tokenBound.check(rg, position)) {
                case IGNORED -> position = -1;
                case UNCONFIRMED -> {
                    rg.primary().tokenFallbacks.increment();
                    return primary(rg, RouteReason.CAUSAL_TOKEN, region, subject);
                }
                default -> {
                }
            }
        }
        BindNode chosen = pick(rg, position, region);
        if (chosen == null && position >= 0 && pick(rg, -1, region) != null) {
            chosen = awaitToken(rg, position, region);
            if (chosen == null) {
                rg.primary().tokenFallbacks.increment();
                return primary(rg, RouteReason.CAUSAL_TOKEN, region, subject);
            }
        }
        if (chosen == null) {
            if (rg.fallback() == ReplicaFallback.FAIL) {
                throw new NoReplicaAvailableException(rg.key(), skipped(rg, position, region));
            }
            rg.primary().fallbacks.increment();
            logFallback(rg, position, region);
            return primary(rg, RouteReason.REPLICA_FALLBACK, region, subject);
        }
        return region == null ? chosen.route(RouteReason.REPLICA_READ) : confinedRoute(chosen, RouteReason.REPLICA_READ, region, rg);
    }

    /**
     * Reads replay positions again and waits up to the group's causalWait for a replica to pass {@code position}.
     * Each replica's position is read by at most one query at a time, shared by every waiting read (see
     * {@link dev.bindery.internal.PositionRefresh}), on a connection of its own, so waits never take the health
     * checks' connection.
     */
    private BindNode awaitToken(ReplicaGroup rg, long position, String region) {
        long entered = System.nanoTime();
        long deadline = entered + rg.options().causalWait().toNanos();
        long readWait = rg.options().healthCheckTimeout().toNanos();
        long notBefore = entered;   // first a read that started after this read arrived; then at most one per ms
        boolean waited = false;
        while (true) {
            for (BindNode r : rg.replicas()) {
                if (usable(r, -1, region) && r.health().position() < position) {
                    r.positions().refresh(readWait, notBefore);
                }
            }
            BindNode chosen = pick(rg, position, region);
            if (chosen != null || System.nanoTime() >= deadline) {
                if (waited) {
                    rg.primary().tokenWaits.increment();
                }
                return chosen;
            }
            waited = true;
            java.util.concurrent.locks.LockSupport.parkNanos(Math.min(1_000_000L, deadline - System.nanoTime()));
            notBefore = System.nanoTime() - 1_000_000L;
            if (Thread.currentThread().isInterrupted()) {
                return null;
            }
        }
    }

    /** The balancer's choice among usable replicas, or {@code null}. Built-in balancers allocate nothing. */
    private static BindNode pick(ReplicaGroup rg, long position, String region) {
        BindNode[] r = rg.replicas();
        int n = r.length;
        if (n == 0) {
            return null;
        }
        Balancing b = rg.builtIn();
        if (b == null) {
            return pickCustom(rg, r, position, region);
        }
        switch (b) {
            case RANDOM -> {
                int start = ThreadLocalRandom.current().nextInt(n);
                for (int k = 0; k < n; k++) {
                    BindNode node = r[(start + k) % n];
                    if (usable(node, position, region)) {
                        return node;
                    }
                }
                return null;
            }
            case WEIGHTED -> {
                int total = 0;
                for (BindNode node : r) {
                    if (usable(node, position, region)) {
                        total += node.config().weight();
                    }
                }
                if (total == 0) {
                    return null;
                }
                int x = Math.floorMod(rg.nextTurn(), total);
                for (BindNode node : r) {
                    if (usable(node, position, region)) {
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
                int bestActive = Integer.MAX_VALUE;
                for (int k = 0; k < n; k++) {
                    BindNode node = r[(start + k) % n];
                    if (usable(node, position, region)) {
                        int active = node.activeConnections();
                        if (active < bestActive) {
                            best = node;
                            bestActive = active;
                        }
                    }
                }
                return best;
            }
            default -> {
                int i = n == 1 ? 0 : Math.floorMod(rg.nextTurn(), n);
                for (int k = 0; k < n; k++) {
                    BindNode node = r[i];
                    if (usable(node, position, region)) {
                        return node;
                    }
                    i = i + 1 == n ? 0 : i + 1;
                }
                return null;
            }
        }
    }

    private static BindNode pickCustom(ReplicaGroup rg, BindNode[] r, long position, String region) {
        List<BindNode> usable = new ArrayList<>(r.length);
        List<ReplicaInfo> infos = new ArrayList<>(r.length);
        for (BindNode node : r) {
            if (usable(node, position, region)) {
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

    private static boolean usable(BindNode node, long position, String region) {
        return node.health().isUp()
                && (position < 0 || node.health().position() >= position)
                && (region == null || region.equals(node.config().region()));
    }

    private Map<String, String> skipped(ReplicaGroup rg, long position, String region) {
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

    private void logFallback(ReplicaGroup rg, long position, String region) {
        long now = System.nanoTime();
        long last = lastFallbackLog.get();
        if (now - last >= FALLBACK_LOG_INTERVAL_NANOS && lastFallbackLog.compareAndSet(last, now)) {
            LOG.warn("No usable replica in group '{}': reads fall back to the primary ({} so far). Replicas: {}",
                    rg.key(), rg.primary().fallbacks.sum(), skipped(rg, position, region));
        }
    }

    private Route primary(ReplicaGroup rg, RouteReason reason, String region, String subject) {
        BindNode p = rg.primary();
        if (region != null && !region.equals(p.config().region())) {
            throw refuse(region, new ResidencyViolationException(describe(subject, rg) + " is bound to region '" + region
                    + "', but the primary of group '" + rg.key() + "' is " + located(p) + ". Nothing was sent. Route this "
                    + "work to a group whose primary is in '" + region + "', or correct the current region.", region,
                    List.of(p.key() + "(" + p.config().region() + ")")));
        }
        requireUp(p);
        return region == null ? p.route(reason) : confinedRoute(p, reason, region, rg);
    }

    private static void requireUp(BindNode primary) {
        if (primary.health().state() == BindState.DOWN) {
            throw new BindUnavailableException(primary.key(), "Bind '" + primary.key() + "' (primary of group '" + primary.group()
                    + "') is down: " + primary.health().lastError() + ". Nothing was sent; writes are never redirected to a "
                    + "replica. Retry once it is back: the health checks re-admit it without a restart.", null);
        }
    }

    private Route confinedRoute(BindNode chosen, RouteReason reason, String region, ReplicaGroup rg) {
        List<String> rejected = new ArrayList<>();
        if (!region.equals(rg.primary().config().region())) {
            rejected.add(rg.primary().key() + "(" + rg.primary().config().region() + ")");
        }
        for (BindNode r : rg.replicas()) {
            if (!region.equals(r.config().region())) {
                rejected.add(r.key() + "(" + r.config().region() + ")");
            }
        }
        return new Route(chosen.key(), chosen.group(), chosen.role(), reason, region, rejected);
    }

    private Route explicitResidency(BindNode node, RouteReason reason, String region, String subject, BindContext context) {
        if (region == null) {
            if (context.residencyOverride() != null) {
                return node.route(reason);
            }
            throw refuse(null, new ResidencyRequiredException(describe(subject, null) + " is resident data, and no region is set. "
                    + "Set one: SessionOptions.builder().region(\"eu\"), BindContext.region(\"eu\"), or a region resolver in the web module."));
        }
        if (region.equals(node.config().region())) {
            return new Route(node.key(), node.group(), node.role(), reason, region, List.of());
        }
        if (context.residencyOverride() != null) {
            LOG.warn("Residency override ({}): {} of region '{}' routed to bind '{}' in {}", context.residencyOverride(),
                    describe(subject, null), region, node.key(), located(node));
            return new Route(node.key(), node.group(), node.role(), reason, region, List.of());
        }
        throw refuse(region, new ResidencyViolationException(describe(subject, null) + " is bound to region '" + region
                + "', but the explicit bind '" + node.key() + "' is " + located(node) + ". Nothing was sent. Use a bind in '"
                + region + "', or, if an operator really means it, wrap the work in Residency.override(reason).", region,
                List.of(node.key() + "(" + node.config().region() + ")")));
    }

    private ReplicaGroup regionalGroup(String logical, String region, List<String> physical, String subject) {
        ReplicaGroup rg = groups.get(logical + "@" + region);
        if (rg == null) {
            throw refuse(region, new ResidencyViolationException(describe(subject, null) + " belongs to group '" + logical
                    + "', which is split by region " + physical + ", and none is in region '" + region + "'. Nothing was sent. "
                    + "Configure a group '" + logical + "@" + region + "', or correct the current region.", region, physical));
        }
        return rg;
    }

    private <E extends RuntimeException> E refuse(String region, E e) {
        residencyRefusals.computeIfAbsent(region == null ? "(none)" : region, r -> new LongAdder()).increment();
        return e;
    }

    private static String located(BindNode node) {
        return node.config().region() == null ? "in no region" : "in region '" + node.config().region() + "'";
    }

    private static String describe(String subject, ReplicaGroup rg) {
        return subject != null ? subject : rg != null ? "Data of group '" + rg.key() + "'" : "The data";
    }

    private static void count(BindNode node, Access access) {
        switch (access) {
            case READ -> node.reads.increment();
            case WRITE -> node.writes.increment();
            default -> node.unspecified.increment();
        }
    }

    /** The node of bind {@code key}. */
    BindNode node(String key) {
        BindNode n = nodes.get(key);
        if (n == null) {
            throw new UnknownBindException(key, keys);
        }
        return n;
    }

    /** The node a route names: members of the default group without a map lookup. */
    BindNode nodeOf(Route route) {
        BindNode n = defaultGroup == null ? null : defaultGroup.member(route.bind());
        return n != null ? n : node(route.bind());
    }

    /** The node of bind {@code key}, or {@code null}. */
    BindNode nodeOrNull(String key) {
        return nodes.get(key);
    }

    List<String> keys() {
        return keys;
    }

    Map<String, BindNode> nodes() {
        return nodes;
    }

    /** The group whose primary is {@code key}, or the group of replica {@code key}. */
    ReplicaGroup group(String key) {
        ReplicaGroup g = groups.get(key);
        if (g == null) {
            return groups.get(node(key).group());
        }
        return g;
    }

    Map<String, ReplicaGroup> groupMap() {
        return groups;
    }

    synchronized void addNode(BindNode node) {
        Map<String, BindNode> next = new java.util.HashMap<>(nodes);
        next.put(node.key(), node);
        List<String> nextKeys = new ArrayList<>(keys);
        nextKeys.add(node.key());
        nodes = java.util.Collections.unmodifiableMap(next);
        keys = List.copyOf(nextKeys);
        groups.get(node.group()).addReplica(node);
    }

    synchronized void removeNode(BindNode node) {
        groups.get(node.group()).removeReplica(node);
        Map<String, BindNode> next = new java.util.HashMap<>(nodes);
        next.remove(node.key());
        nodes = java.util.Collections.unmodifiableMap(next);
        keys = keys.stream().filter(k -> !k.equals(node.key())).toList();
    }
}
