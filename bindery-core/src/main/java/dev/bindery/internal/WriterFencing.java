package dev.bindery.internal;

import dev.bindery.PrimaryChangedException;
import dev.bindery.SplitBrainException;
import dev.bindery.spi.FailureKind;
import dev.bindery.spi.Role;
import dev.bindery.spi.Route;

import java.util.List;

/**
 * The router's two failover refusals for work that writes in a {@code failover=follow} group: no write while the group
 * is split-brained, and a write that failed because the primary changed under it becomes a retryable
 * {@link PrimaryChangedException}.
 */
final class WriterFencing {
    private WriterFencing() {
    }

    /** @throws SplitBrainException while two members of {@code rg} take writes that nothing tells apart */
    static void requireOneWriter(ReplicaGroup rg) {
        GroupRoles roles = rg.roles();
        List<String> split = roles == null ? null : roles.splitBrain();
        if (split != null) {
            roles.splitBrainRefusals.increment();
            throw new SplitBrainException(rg.key(), split, "Refused a write to group '" + rg.key() + "': members "
                    + member(rg, split.get(0)) + " and " + member(rg, split.get(1)) + " both take writes, and nothing tells "
                    + "which one is current (split-brain). Nothing was sent; Bindery does not guess. Stop or demote the one "
                    + "that is not the primary, and rebuild it from the other: writes resume at the first health check that "
                    + "finds only one writable member.");
        }
    }

    private static String member(ReplicaGroup rg, String key) {
        BindNode n = rg.member(key);
        return "'" + key + "'" + (n == null ? "" : " (" + n.config().maskedUrl() + ")");
    }

    /** See {@link dev.bindery.spi.Router#writeFailed}. */
    static RuntimeException writeFailed(GroupTopology topology, HealthMonitor monitor, Route failed, Exception failure,
                                        boolean committing) {
        BindNode node = topology.nodeOrNull(failed.bind());
        ReplicaGroup rg = node == null ? null : topology.groupOrNull(node.group());
        if (rg == null || rg.roles() == null || failed.role() != Role.PRIMARY) {
            return null;
        }
        boolean lost = FailureKind.of(failure) == FailureKind.CONNECTION_LOST;
        boolean demoted = failure instanceof java.sql.SQLException sql && "25006".equals(sql.getSQLState());
        String now = rg.primary().key();
        if (!lost && !demoted && now.equals(failed.bind())) {
            return null;
        }
        monitor.checkSoon(rg);   // look at the roles now rather than at the next interval
        return new PrimaryChangedException(rg.key(), "A write to group '" + rg.key() + "' on '" + failed.bind()
                + "' failed because " + (demoted ? "that member no longer takes writes (demoted)"
                : lost ? "its connection was lost" : "that member is no longer the primary")
                + (now.equals(failed.bind()) ? "; no other member takes writes yet" : "; the primary is '" + now + "' now")
                + ". " + (committing ? "The connection was lost during the commit, so whether it committed is unknown: check "
                + "before you retry if the write is not idempotent." : "The transaction was rolled back, nothing of it is applied.")
                + " Retry it: the retry is routed to the primary the health checks find.", node.scrubber().scrub(failure));
    }
}
