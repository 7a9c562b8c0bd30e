package dev.bindery.internal;

import dev.bindery.BindContext;
import dev.bindery.spi.Refusal;
import dev.bindery.ResidencyRequiredException;
import dev.bindery.ResidencyViolationException;
import dev.bindery.spi.Route;
import dev.bindery.spi.RouteReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Data residency: resident data, and every group split by region, is served only by binds of the current region.
 * Binds outside it are removed before the balancer picks; with none left, the work is refused before any SQL.
 */
public final class ResidencyRule {
    private static final Logger LOG = LoggerFactory.getLogger(ResidencyRule.class);

    private final GroupTopology topology;
    private final Refusals refusals;

    public ResidencyRule(GroupTopology topology, Refusals refusals) {
        this.topology = topology;
        this.refusals = refusals;
    }

    /** Refuses confined work of group {@code g} when no region is set. */
    public ResidencyRequiredException regionRequired(String g, List<String> regional, String subject) {
        return refusals.refuse(Refusal.Kind.RESIDENCY, null, g, null, new ResidencyRequiredException(
                (subject == null ? "Group '" + g + "'" : subject + " (group '" + g + "')")
                + (regional != null ? " is split by region " + regional : " is resident data")
                + ", and no region is set. Set one: SessionOptions.builder().region(\"eu\") for a session, "
                + "BindContext.region(\"eu\") for plain JDBC and background jobs, or a region resolver in the web module."));
    }

    /**
     * The group of {@code logical} in {@code region}.
     *
     * @throws ResidencyViolationException if none is configured
     */
    public ReplicaGroup regionalGroup(String logical, String region, List<String> physical, String subject) {
        ReplicaGroup rg = topology.groupOrNull(GroupNames.regional(logical, region));
        if (rg == null) {
            throw refusals.refuse(Refusal.Kind.RESIDENCY, null, logical, region, new ResidencyViolationException(
                    describe(subject, null) + " belongs to group '" + logical + "', which is split by region " + physical
                    + ", and none is in region '" + region + "'. Nothing was sent. Configure a group '"
                    + GroupNames.regional(logical, region) + "', or correct the current region.", region, physical));
        }
        return rg;
    }

    /**
     * Checks that the primary of {@code rg} may serve work confined to {@code region}.
     *
     * @throws ResidencyViolationException if it lies in another region
     */
    public void requirePrimaryIn(ReplicaGroup rg, String region, String subject) {
        BindNode p = rg.primary();
        if (!region.equals(p.config().region())) {
            throw refusals.refuse(Refusal.Kind.RESIDENCY, p.key(), rg.key(), region, new ResidencyViolationException(
                    describe(subject, rg) + " is bound to region '" + region + "', but the primary of group '" + rg.key()
                    + "' is " + located(p) + ". Nothing was sent. Route this work to a group whose primary is in '"
                    + region + "', or correct the current region.", region, List.of(p.key() + "(" + p.config().region() + ")")));
        }
    }

    /** The route to {@code chosen} confined to {@code region}, naming the members residency removed. */
    public Route confinedRoute(BindNode chosen, RouteReason reason, String region, ReplicaGroup rg) {
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

    /**
     * The route of resident work pointed at an explicit bind: allowed in the current region, or under a residency
     * override (logged).
     *
     * @throws ResidencyRequiredException  if no region is set and there is no override
     * @throws ResidencyViolationException if the bind lies in another region and there is no override
     */
    public Route explicit(BindNode node, RouteReason reason, String region, String subject, BindContext context) {
        if (region == null) {
            if (context.residencyOverride() != null) {
                return node.route(reason);
            }
            throw refusals.refuse(Refusal.Kind.RESIDENCY, node.key(), node.group(), null, new ResidencyRequiredException(
                    describe(subject, null) + " is resident data, and no region is set. Set one: "
                    + "SessionOptions.builder().region(\"eu\"), BindContext.region(\"eu\"), or a region resolver in the web module."));
        }
        if (region.equals(node.config().region())) {
            return new Route(node.key(), node.group(), node.role(), reason, region, List.of());
        }
        if (context.residencyOverride() != null) {
            LOG.warn("Residency override ({}): {} of region '{}' routed to bind '{}' in {}", context.residencyOverride(),
                    describe(subject, null), region, node.key(), located(node));
            return new Route(node.key(), node.group(), node.role(), reason, region, List.of());
        }
        throw refusals.refuse(Refusal.Kind.RESIDENCY, node.key(), node.group(), region, new ResidencyViolationException(
                describe(subject, null) + " is bound to region '" + region + "', but the explicit bind '" + node.key()
                + "' is " + located(node) + ". Nothing was sent. Use a bind in '" + region + "', or, if an operator really "
                + "means it, wrap the work in Residency.override(reason).", region,
                List.of(node.key() + "(" + node.config().region() + ")")));
    }

    /**
     * Checks an entity's own region attribute against the current region.
     *
     * @throws ResidencyViolationException if both are known and differ
     */
    public void entityRegion(String subject, String own, String attribute, String current) {
        if (own != null && current != null && !own.equals(current)) {
            throw refusals.refuse(Refusal.Kind.ENTITY_REGION, null, null, current, new ResidencyViolationException(subject
                    + " belongs to region '" + own + "' (its " + attribute + "), but this session works in region '" + current
                    + "'. Nothing was sent. Write it from a session of region '" + own + "' (SessionOptions.builder().region(\""
                    + own + "\")).", current, List.of()));
        }
    }

    private static String located(BindNode node) {
        return node.config().region() == null ? "in no region" : "in region '" + node.config().region() + "'";
    }

    private static String describe(String subject, ReplicaGroup rg) {
        return subject != null ? subject : rg != null ? "Data of group '" + rg.key() + "'" : "The data";
    }
}
