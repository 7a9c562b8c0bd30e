package dev.bindery.internal;

import dev.bindery.ResidencyViolationException;
import dev.bindery.ReplicaWriteException;
import dev.bindery.NoReplicaAvailableException;
import dev.bindery.CausalToken;
import dev.bindery.Binds;
import dev.bindery.BindUnavailableException;
import dev.bindery.BindGroupMismatchException;
import dev.bindery.BindContext;
import dev.bindery.spi.FailureKind;
import dev.bindery.spi.Refusal;
import dev.bindery.spi.RetriedRead;
import dev.bindery.status.ReplicaInfo;
import dev.bindery.status.BindState;
import dev.bindery.spi.RouteRequest;
import dev.bindery.spi.RouteReason;
import dev.bindery.spi.RouteListener;
import dev.bindery.spi.Route;
import dev.bindery.spi.Router;
import dev.bindery.spi.Access;
import dev.bindery.spi.Role;
import dev.bindery.config.ReplicaFallback;
import dev.bindery.config.BuiltInBalancer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link Router} Bindery builds: the one routing rule over the group topology, with the balancers, the causal
 * wait, residency and refusal counting it delegates to (ARCHITECTURE.md, "The one rule").
 */
public final class RoutingRule implements Router {
    private static final Logger LOG = LoggerFactory.getLogger(RoutingRule.class);
    private static final long FALLBACK_LOG_INTERVAL_NANOS = 10_000_000_000L;

    private final GroupTopology topology;
    private final HealthMonitor monitor;
    private final TokenBound tokenBound;
    private final RouteListener[] listeners;
    private final Refusals refusals;
    private final ResidencyRule residency;
    private final CausalWait causalWait;
    private final HeldWorkRefusals heldWork;
    private final TokenTimelines timelines = new TokenTimelines();
    private final AtomicLong lastFallbackLog = new AtomicLong(System.nanoTime() - FALLBACK_LOG_INTERVAL_NANOS);

    public RoutingRule(Map<String, BindNode> nodes, Map<String, ReplicaGroup> groups, HealthMonitor monitor, TokenBound tokenBound,
           List<RouteListener> listeners) {
        this.topology = new GroupTopology(nodes, groups);
        this.monitor = monitor;
        this.tokenBound = tokenBound;
        this.listeners = listeners.toArray(new RouteListener[0]);
        this.refusals = new Refusals(this.listeners);
        this.residency = new ResidencyRule(topology, refusals);
        this.causalWait = new CausalWait();
        this.heldWork = new HeldWorkRefusals(topology, refusals, this);
    }

    @Override
    public Route route(RouteRequest request) {
        return decide(request, BindContext.current());
    }

    @Override
    public Route route(RouteRequest request, BindContext context) {
        return decide(request, context);
    }

    @Override
    public Route route(String group, Access access) {
        return decide(topology.request(group, access), BindContext.current());
    }

    @Override
    public <T, X extends Exception> T read(RetriedRead<T, X> read) throws X {
        Route route = read.route();
        try {
            return read.run(route);
        } catch (Exception e) {
            BindNode node = failedReplica(route, e);
            if (node == null || !read.abandon(route, e)) {
                throw e;
            }
            countRetry(node, route, e);
        }
        return read.run(read.route());
    }

    @Override
    public boolean retryElsewhere(Route failed, Exception failure, boolean retryable) {
        BindNode node = failedReplica(failed, failure);
        if (node == null || !retryable) {
            return false;
        }
        countRetry(node, failed, failure);
        return true;
    }

    @Override
    public RuntimeException writeFailed(Route failed, Exception failure, boolean committing) {
        return WriterFencing.writeFailed(topology, monitor, failed, failure, committing);
    }

    private static void countRetry(BindNode node, Route failed, Exception failure) {
        node.retries.increment();
        LOG.info("Read on replica '{}' failed ({}); running it once more on another member", failed.bind(), FailureKind.of(failure));
    }

    /**
     * The replica a read failed on, when the read may run once more elsewhere (ejecting it at once if its connection
     * was lost); {@code null} otherwise.
     */
    private BindNode failedReplica(Route route, Exception failure) {
        if (route.role() != Role.REPLICA || route.reason() != RouteReason.REPLICA_READ) {
            return null;   // a primary, or a replica the caller named: there is no other choice to make
        }
        FailureKind kind = FailureKind.of(failure);
        if (kind == FailureKind.STATEMENT) {
            return null;
        }
        BindNode node = topology.nodeOrNull(route.bind());
        if (node != null && kind == FailureKind.CONNECTION_LOST) {
            node.connectionLost(failure);
        }
        return node;
    }

    @Override
    public boolean reportFailure(String key, Throwable failure) {
        BindNode node = topology.node(key);
        FailureKind kind = FailureKind.of(failure);
        if (node.role() != Role.REPLICA || kind == FailureKind.STATEMENT) {
            return false;
        }
        if (kind == FailureKind.CONNECTION_LOST) {
            node.connectionLost(failure);
        }
        node.retries.increment();
        return true;
    }

    @Override
    public void checkEntityRegion(String subject, String entityRegion, String attribute, String sessionRegion) {
        residency.entityRegion(subject, entityRegion, attribute, sessionRegion != null ? sessionRegion : BindContext.current().region());
    }

    @Override
    public boolean checkStatement(Route held, String sql, boolean inTransaction, String askedBind) {
        boolean writes = StatementAccess.writes(sql);
        heldWork.check(held, writes, inTransaction, askedBind, false);
        return writes;
    }

    @Override
    public void checkHeld(Route held, boolean writes, boolean inTransaction, String askedBind) {
        heldWork.check(held, writes, inTransaction, askedBind, true);
    }

    @Override
    public void checkBindEntered(Route held, String asked) {
        heldWork.bindEntered(held, asked);
    }

    @Override
    public Map<Refusal.Kind, Long> refusals() {
        return refusals.byKind();
    }

    @Override
    public Map<String, Long> residencyRefusals() {
        return refusals.residencyByRegion();
    }

    @Override
    public String logicalGroup(String group) {
        return GroupNames.logical(group);
    }

    @Override
    public boolean belongsTo(String group, String logical) {
        return GroupNames.belongsTo(group, logical);
    }

    @Override
    public List<String> regionalGroups(String logical) {
        List<String> r = topology.regionalGroupsOf(logical);
        return r == null ? List.of() : r;
    }

    public Route decide(RouteRequest request, BindContext context) {
        String region = request.region() != null ? request.region() : context.region();
        CausalToken token = request.token() == null ? context.token() : context.token() == null ? request.token()
                : request.token().merge(context.token());
        boolean resident = request.resident() || (request.connection() && context.region() != null);
        Access access = request.access();
        String subject = request.subject();
        String explicit = request.bind() != null ? request.bind() : context.bind();
        Route route;
        BindNode node;
        if (explicit != null) {
            node = topology.node(explicit);
            RouteReason reason = request.bind() != null ? RouteReason.EXPLICIT_BIND : RouteReason.CONTEXT_BIND;
            route = node.route(reason);
            if (resident) {
                route = residency.explicit(node, reason, region, subject, context);
            }
            if (access == Access.WRITE && node.isReadOnly()) {
                throw refusals.refuse(Refusal.Kind.READ_ONLY_WRITE, node.key(), node.group(), region, new ReplicaWriteException(
                        "Refused a write routed to bind '" + node.key() + "', which is "
                        + (node.role() == Role.REPLICA ? "a read-only replica of '" + node.group() + "'" : "read-only")
                        + " (" + reason + "). Nothing was sent. Writes go to the primary '" + node.group()
                        + "': remove the explicit bind for this work, or name the primary."));
            }
            if (request.connection() && reason == RouteReason.CONTEXT_BIND && Boolean.FALSE.equals(context.options().readOnly())
                    && node.isReadOnly()) {
                throw refusals.refuse(Refusal.Kind.DERIVED_WRITE, node.key(), node.group(), region, new ReplicaWriteException(
                        "A derived bind asked for a writable connection from bind '" + node.key() + "', which is read-only. "
                        + "Replicas and read-only binds stay read-only; derive from the primary '" + node.group() + "' instead."));
            }
            if (node.role() == Role.PRIMARY) {
                requireUp(node);
                if (access != Access.READ) {
                    requireOneWriter(topology.group(node.group()));
                }
            }
            if (request.entities() && request.group() != null && !GroupNames.belongsTo(node.group(), request.group())) {
                throw refusals.refuse(Refusal.Kind.GROUP_MISMATCH, node.key(), request.group(), region,
                        new BindGroupMismatchException("Work on an entity of group '" + request.group() + "' was routed to bind '"
                        + node.key() + "' of group '" + node.group() + "' (" + reason + "), which does not map it. "
                        + "Nothing was sent. Close the BindContext scope for this work, or point it at a bind of group '"
                        + request.group() + "'."));
            }
        } else {
            if (access == Access.UNSPECIFIED && context.isReadOnly()) {
                access = Access.READ;
            }
            String g = request.group() != null ? request.group() : context.group() != null ? context.group() : Binds.DEFAULT;
            List<String> regional = topology.regionalGroupsOf(g);
            boolean confined = resident || regional != null;
            if (confined && region == null) {
                throw residency.regionRequired(g, regional, subject);
            }
            ReplicaGroup rg = regional != null ? residency.regionalGroup(g, region, regional, subject)
                    : g == Binds.DEFAULT && topology.defaultGroup() != null ? topology.defaultGroup() : topology.group(g);
            if (!rg.isMonitored()) {
                monitor.monitor(rg);
            }
            String confine = confined ? region : null;
            if (access == Access.WRITE) {
                route = writer(rg, RouteReason.WRITE, confine, subject);
            } else if (request.primaryReason() != null) {
                route = writer(rg, request.primaryReason(), confine, subject);
            } else if (access == Access.UNSPECIFIED) {
                route = writer(rg, RouteReason.DEFAULT, confine, subject);
            } else {
                route = read(rg, token, confine, subject);
            }
            node = route.role() == Role.PRIMARY ? rg.primary() : rg.member(route.bind());
            if (node == null) {
                node = topology.node(route.bind());   // a replica removed meanwhile
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
        if (position >= 0 && rg.roles() != null && token.timeline(rg.key()) != rg.roles().timeline()) {
            position = timelines.position(rg, token.timeline(rg.key()), position);
            if (position == TokenTimelines.LOST) {
                return primary(rg, RouteReason.CAUSAL_TOKEN, region, subject);
            }
        }
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
        BindNode chosen = Balancers.pick(rg, position, region);
        if (chosen == null && position >= 0 && Balancers.pick(rg, -1, region) != null) {
            chosen = causalWait.await(rg, position, region);
            if (chosen == null) {
                rg.primary().tokenFallbacks.increment();
                return primary(rg, RouteReason.CAUSAL_TOKEN, region, subject);
            }
        }
        if (chosen == null) {
            if (rg.fallback() == ReplicaFallback.FAIL) {
                throw new NoReplicaAvailableException(rg.key(), Balancers.skipped(rg, position, region));
            }
            rg.primary().fallbacks.increment();
            logFallback(rg, position, region);
            return primary(rg, RouteReason.REPLICA_FALLBACK, region, subject);
        }
        return region == null ? chosen.route(RouteReason.REPLICA_READ)
                : residency.confinedRoute(chosen, RouteReason.REPLICA_READ, region, rg);
    }

    private void logFallback(ReplicaGroup rg, long position, String region) {
        long now = System.nanoTime();
        long last = lastFallbackLog.get();
        if (now - last >= FALLBACK_LOG_INTERVAL_NANOS && lastFallbackLog.compareAndSet(last, now)) {
            LOG.warn("No usable replica in group '{}': reads fall back to the primary ({} so far). Replicas: {}",
                    rg.key(), rg.primary().fallbacks.sum(), Balancers.skipped(rg, position, region));
        }
    }

    private Route primary(ReplicaGroup rg, RouteReason reason, String region, String subject) {
        if (region != null) {
            residency.requirePrimaryIn(rg, region, subject);
        }
        BindNode p = rg.primary();
        requireUp(p);
        return region == null ? p.route(reason) : residency.confinedRoute(p, reason, region, rg);
    }

    /** The primary for work that may write: as {@link #primary}, refused while the group is split-brained. */
    private Route writer(ReplicaGroup rg, RouteReason reason, String region, String subject) {
        requireOneWriter(rg);
        return primary(rg, reason, region, subject);
    }

    private static void requireOneWriter(ReplicaGroup rg) {
        WriterFencing.requireOneWriter(rg);
    }

    private static void requireUp(BindNode primary) {
        if (primary.health().state() == BindState.DOWN) {
            throw new BindUnavailableException(primary.key(), "Bind '" + primary.key() + "' (primary of group '" + primary.group()
                    + "') is down: " + primary.health().lastError() + ". Nothing was sent; writes are never redirected to a "
                    + "replica. Retry once it is back: the health checks re-admit it without a restart.", null);
        }
    }

    private static void count(BindNode node, Access access) {
        switch (access) {
            case READ -> node.reads.increment();
            case WRITE -> node.writes.increment();
            default -> node.unspecified.increment();
        }
    }

    /** Which binds and groups exist. */
    public GroupTopology topology() {
        return topology;
    }
}
