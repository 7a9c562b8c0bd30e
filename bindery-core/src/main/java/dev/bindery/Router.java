package dev.bindery;

import dev.bindery.internal.BindNode;
import dev.bindery.internal.ReplicaGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * The one routing rule of Bindery (DESIGN.md): explicit bind, else the innermost {@link BindContext} bind; then the
 * group; then the role (primary for writes, locks, read-write transactions and read-your-writes, a replica for reads).
 * Every module asks this class and none decides routes itself. Decisions are values ({@link Route}), logged at debug
 * and counted per bind; the common paths allocate nothing.
 */
public final class Router {
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    private final Map<String, BindNode> nodes;
    private final Map<String, ReplicaGroup> groups;
    private final List<String> keys;
    private final RouteListener[] listeners;

    Router(Map<String, BindNode> nodes, Map<String, ReplicaGroup> groups, List<String> keys, List<RouteListener> listeners) {
        this.nodes = nodes;
        this.groups = groups;
        this.keys = keys;
        this.listeners = listeners.toArray(new RouteListener[0]);
    }

    /**
     * Routes one unit of work described by {@code request}, in the context of the current thread.
     *
     * @throws UnknownBindException  if the request or the context names a bind or group that does not exist
     * @throws ReplicaWriteException if work that writes is pointed at a replica or a read-only bind
     */
    public Route route(RouteRequest request) {
        return decide(request.bind(), request.group(), request.access(), request.primaryReason(), BindContext.current());
    }

    /** Routes work of {@code access} in {@code group} with no other hint than the current {@link BindContext}. */
    public Route route(String group, Access access) {
        return decide(null, group, access, null, BindContext.current());
    }

    Route decide(String explicitBind, String group, Access access, RouteReason primaryReason, BindContext context) {
        Route route;
        BindNode node;
        if (explicitBind != null) {
            node = node(explicitBind);
            route = node.route(RouteReason.EXPLICIT_BIND);
        } else if (context.bind() != null) {
            node = node(context.bind());
            route = node.route(RouteReason.CONTEXT_BIND);
        } else {
            if (access == Access.UNSPECIFIED && context.isReadOnly()) {
                access = Access.READ;
            }
            String g = group != null ? group : context.group() != null ? context.group() : Binds.DEFAULT;
            ReplicaGroup rg = group(g);
            if (access == Access.WRITE) {
                node = rg.primary();
                route = node.route(RouteReason.WRITE);
            } else if (primaryReason != null) {
                node = rg.primary();
                route = node.route(primaryReason);
            } else if (access == Access.UNSPECIFIED) {
                node = rg.primary();
                route = node.route(RouteReason.DEFAULT);
            } else {
                node = rg.nextReplica();
                if (node == null) {
                    node = rg.primary();
                    route = node.route(RouteReason.NO_REPLICAS);
                } else {
                    route = node.route(RouteReason.REPLICA_READ);
                }
            }
        }
        if (access == Access.WRITE && node.config().isReadOnly()) {
            throw new ReplicaWriteException("Refused a write routed to bind '" + node.key() + "', which is "
                    + (node.role() == Role.REPLICA ? "a read-only replica of '" + node.group() + "'" : "read-only")
                    + " (" + route.reason() + "). Nothing was sent. Writes go to the primary '" + node.group()
                    + "': remove the explicit bind for this work, or name the primary.");
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

    /** The group whose primary is {@code key}, or the group of replica {@code key}. */
    ReplicaGroup group(String key) {
        ReplicaGroup g = groups.get(key);
        if (g == null) {
            return groups.get(node(key).group());
        }
        return g;
    }
}
