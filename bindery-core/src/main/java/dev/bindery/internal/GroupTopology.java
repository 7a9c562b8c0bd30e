package dev.bindery.internal;

import dev.bindery.spi.Access;
import dev.bindery.Binds;
import dev.bindery.spi.RouteRequest;
import dev.bindery.UnknownBindException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which binds and groups exist: bind nodes by key, groups by their primary's key, the groups split by region by their
 * logical name, and one prebuilt {@link RouteRequest} per group and access. Replicas added or removed at run time
 * replace the maps, never mutate them, so the router reads them without locking.
 */
public final class GroupTopology {
    private static final Access[] ACCESS = Access.values();

    private volatile Map<String, BindNode> nodes;
    private volatile List<String> keys;
    private final Map<String, ReplicaGroup> groups;
    /** The default group, looked up once: most work without a context goes there. {@code null} without a default bind. */
    private final ReplicaGroup defaultGroup;
    private final Map<String, List<String>> regionalGroups;
    private final Map<String, RouteRequest[]> requests;

    public GroupTopology(Map<String, BindNode> nodes, Map<String, ReplicaGroup> groups) {
        this.nodes = Collections.unmodifiableMap(new HashMap<>(nodes));   // hashing without division
        this.keys = List.copyOf(nodes.keySet());
        this.groups = groups;
        this.defaultGroup = groups.get(Binds.DEFAULT);
        Map<String, List<String>> regional = new LinkedHashMap<>();
        for (String g : groups.keySet()) {
            if (GroupNames.isRegional(g)) {
                regional.computeIfAbsent(GroupNames.logical(g), k -> new ArrayList<>()).add(g);
            }
        }
        regional.replaceAll((k, v) -> List.copyOf(v));
        this.regionalGroups = Map.copyOf(regional);
        Map<String, RouteRequest[]> r = new HashMap<>();
        List<String> named = new ArrayList<>(groups.keySet());
        named.addAll(regionalGroups.keySet());
        for (String g : named) {
            RouteRequest[] byAccess = new RouteRequest[ACCESS.length];
            for (Access a : ACCESS) {
                byAccess[a.ordinal()] = RouteRequest.of(g, a);
            }
            r.put(g, byAccess);
        }
        this.requests = Map.copyOf(r);
    }

    /**
     * The node of bind {@code key}.
     *
     * @throws UnknownBindException if no bind has that key
     */
    public BindNode node(String key) {
        BindNode n = nodes.get(key);
        if (n == null) {
            throw new UnknownBindException(key, keys);
        }
        return n;
    }

    /** The node of bind {@code key}, or {@code null}. */
    public BindNode nodeOrNull(String key) {
        return nodes.get(key);
    }

    /** The node of bind {@code key}: members of the default group without a map lookup. */
    public BindNode nodeOf(String key) {
        BindNode n = defaultGroup == null ? null : defaultGroup.member(key);
        return n != null ? n : node(key);
    }

    public List<String> keys() {
        return keys;
    }

    public Map<String, BindNode> nodes() {
        return nodes;
    }

    /** The default group, or {@code null} without a default bind. */
    public ReplicaGroup defaultGroup() {
        return defaultGroup;
    }

    /**
     * The group whose primary is {@code key}, or the group of replica {@code key}.
     *
     * @throws UnknownBindException if no bind has that key
     */
    public ReplicaGroup group(String key) {
        ReplicaGroup g = groups.get(key);
        return g != null ? g : groups.get(node(key).group());
    }

    /** The group whose primary is {@code key}, or {@code null}. */
    public ReplicaGroup groupOrNull(String key) {
        return groups.get(key);
    }

    public Map<String, ReplicaGroup> groupMap() {
        return groups;
    }

    /** The groups {@code logical@region} of a group split by region, or {@code null} when {@code logical} is not split. */
    public List<String> regionalGroupsOf(String logical) {
        return regionalGroups.isEmpty() ? null : regionalGroups.get(logical);
    }

    /** The prebuilt request for {@code access} in {@code group} (allocation-free for configured groups). */
    public RouteRequest request(String group, Access access) {
        RouteRequest[] r = group == null ? null : requests.get(group);
        return r != null ? r[access.ordinal()] : RouteRequest.of(group, access);
    }

    public synchronized void addNode(BindNode node) {
        Map<String, BindNode> next = new HashMap<>(nodes);
        next.put(node.key(), node);
        List<String> nextKeys = new ArrayList<>(keys);
        nextKeys.add(node.key());
        nodes = Collections.unmodifiableMap(next);
        keys = List.copyOf(nextKeys);
        groups.get(node.group()).addReplica(node);
    }

    public synchronized void removeNode(BindNode node) {
        groups.get(node.group()).removeReplica(node);
        Map<String, BindNode> next = new HashMap<>(nodes);
        next.remove(node.key());
        nodes = Collections.unmodifiableMap(next);
        keys = keys.stream().filter(k -> !k.equals(node.key())).toList();
    }
}
