package dev.bindery.internal;

import dev.bindery.BindContext;
import dev.bindery.BindSwitchException;
import dev.bindery.ReplicaWriteException;
import dev.bindery.spi.Refusal;
import dev.bindery.spi.Role;
import dev.bindery.spi.Route;
import dev.bindery.spi.Router;

/**
 * The router's refusals of work already routed and held (a transaction's or a session's route): a statement that
 * writes on a bind that cannot take writes, another bind of the group asked for inside a transaction, and a bind
 * entered inside a transaction that holds another. Each is counted and shown to listeners through {@link Refusals};
 * {@link RoutingRule} answers {@code Router.checkStatement}, {@code checkHeld} and {@code checkBindEntered} with it.
 */
final class HeldWorkRefusals {
    private final GroupTopology topology;
    private final Refusals refusals;
    private final Router router;

    HeldWorkRefusals(GroupTopology topology, Refusals refusals, Router router) {
        this.topology = topology;
        this.refusals = refusals;
        this.router = router;
    }

    /**
     * The refusals of work held on {@code held} (see {@code Router.checkHeld}); {@code primaryMoves}: a bind switch forced by
     * a change of primary is the retryable {@code PrimaryChangedException} instead (for sessions that recover from it).
     */
    void check(Route held, boolean writes, boolean inTransaction, String askedBind, boolean primaryMoves) {
        if (writes && (held.role() != Role.PRIMARY || readOnlyBind(held))) {
            throw refusals.refuse(Refusal.Kind.READ_ONLY_WRITE, held.bind(), held.group(), held.region(),
                    new ReplicaWriteException(inTransaction
                    ? "A statement that writes was sent inside a transaction routed to bind '" + held.bind() + "' ("
                    + (held.role() == Role.REPLICA ? "replica" : "read-only") + ", " + held.reason() + "), which cannot take "
                    + "writes; nothing was sent. A transaction never changes bind: run this work in a read-write "
                    + "transaction (not read-only), or commit the read-only one first and write in a new transaction."
                    : "Refused a statement that writes (or locks) on bind '" + held.bind() + "' (" + held.reason() + "), "
                    + "which is read-only; nothing was sent. Write from work that is not read-only: writes and locks go to "
                    + "the primary of group '" + held.group() + "'."));
        }
        if (inTransaction) {
            String asked = askedBind != null ? askedBind : BindContext.current().bind();
            BindNode askedNode = asked == null || asked.equals(held.bind()) ? null : topology.nodeOrNull(asked);
            if (askedNode != null && held.group().equals(askedNode.group())) {
                BindSwitchException refused = new BindSwitchException("Cannot switch to bind '" + asked + "': a transaction "
                        + "is open on bind '" + held.bind() + "' of the same group '" + held.group() + "', and a transaction "
                        + "never changes bind; nothing was sent. Commit or roll back first, then ask for bind '" + asked + "'.");
                RuntimeException moved = primaryMoves ? router.writeFailed(held, refused, false) : null;
                throw moved != null ? moved : refusals.refuse(Refusal.Kind.BIND_SWITCH, asked, held.group(), held.region(), refused);
            }
        }
    }

    /** The refusal of work under bind {@code asked} entered inside a transaction holding {@code held} (Router.checkBindEntered). */
    void bindEntered(Route held, String asked) {
        if (!held.bind().equals(asked)) {
            throw refusals.refuse(Refusal.Kind.BIND_SWITCH, asked, held.group(), held.region(), new BindSwitchException(
                    "Cannot run work under bind '" + asked + "' inside a transaction already routed to bind '" + held.bind()
                    + "' (" + held.reason() + "): a transaction holds one connection and never changes bind; nothing was "
                    + "sent. Choose the bind before the transaction starts (put @UseBind(\"" + asked + "\") on the "
                    + "@Transactional method itself or outside the transaction), or commit first and run this work in a new "
                    + "transaction (propagation REQUIRES_NEW)."));
        }
    }

    /**
     * Whether a route to a primary-role bind is to one configured read-only ({@code readOnly=true}). Not its role now: a
     * primary demoted under a held transaction is the driver's failure to report ({@code Router.writeFailed}), not a refusal.
     */
    private boolean readOnlyBind(Route held) {
        BindNode node = topology.nodeOrNull(held.bind());
        return node != null && node.config().readOnly();
    }
}
