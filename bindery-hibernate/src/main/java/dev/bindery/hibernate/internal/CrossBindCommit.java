package dev.bindery.hibernate.internal;

import dev.bindery.hibernate.CommitOutcome;
import dev.bindery.hibernate.PartialCommitException;
import dev.bindery.hibernate.RetryPolicy;
import dev.bindery.hibernate.RoutingSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Commits transactions one after another in a fixed order, without two-phase commit: when one fails, it and every
 * one after it are rolled back, the ones before it stay committed, and the {@link CommitOutcome} says which is which
 * and whether the failed commit may have happened. A routing session commits its binds this way (in the order their
 * transactions began); {@link RoutingSession#commitInOrder(Map)} commits several routing sessions the same way.
 */
public final class CrossBindCommit {
    private static final Logger LOG = LoggerFactory.getLogger(CrossBindCommit.class);

    /** How to commit and roll back one kind of participant, and how certain a failed commit of it is. */
    interface Participant<P> {
        void commit(P p);

        /** Rolls back {@code p}; never throws. */
        void rollbackQuietly(P p);

        CommitOutcome.Certainty certaintyOf(P p, RuntimeException failure);
    }

    /** The bind sessions of one routing session. */
    private static final Participant<BindSession> BINDS = new Participant<>() {
        @Override
        public void commit(BindSession bs) {
            bs.commit();
        }

        @Override
        public void rollbackQuietly(BindSession bs) {
            bs.rollbackQuietly();
        }

        @Override
        public CommitOutcome.Certainty certaintyOf(BindSession bs, RuntimeException failure) {
            return CrossBindCommit.certaintyOf(failure);
        }
    };

    private CrossBindCommit() {
    }

    /** Commits {@code order} one by one; on the first failure rolls back the failed participant and every later one. */
    static <P> CommitOutcome<P> inOrder(List<P> order, Participant<? super P> how) {
        List<P> committed = new ArrayList<>(order.size());
        for (int i = 0, n = order.size(); i < n; i++) {
            P p = order.get(i);
            try {
                how.commit(p);
                committed.add(p);
            } catch (RuntimeException e) {
                CommitOutcome.Certainty certainty = how.certaintyOf(p, e);
                how.rollbackQuietly(p);
                List<P> rolledBack = new ArrayList<>(n - i - 1);
                for (int j = i + 1; j < n; j++) {
                    how.rollbackQuietly(order.get(j));
                    rolledBack.add(order.get(j));
                }
                return new CommitOutcome<>(committed, p, e, certainty, rolledBack);
            }
        }
        return CommitOutcome.allCommitted(committed);
    }

    /** Commits the transactions of one routing session's binds, in commit order. */
    static CommitOutcome<BindSession> binds(List<BindSession> order) {
        return inOrder(order, BINDS);
    }

    /**
     * The exception a routing session's {@code commit()} throws for a failed {@code outcome}: the database's own when
     * nothing had committed, else a {@link PartialCommitException} naming the binds.
     */
    static RuntimeException failureOf(CommitOutcome<BindSession> outcome) {
        if (outcome.committed().isEmpty()) {
            return outcome.failure();
        }
        return new PartialCommitException(keys(outcome.committed()), outcome.failed().key(), keys(outcome.rolledBack()),
                outcome.certainty(), outcome.failure());
    }

    private static List<String> keys(List<BindSession> sessions) {
        List<String> out = new ArrayList<>(sessions.size());
        for (BindSession bs : sessions) {
            out.add(bs.key());
        }
        return out;
    }

    /**
     * A failed commit is definite when its database refused it with a transient error other than a lost connection
     * (a serialization failure, a deadlock); anything else may have committed.
     */
    static CommitOutcome.Certainty certaintyOf(RuntimeException failure) {
        return RetryPolicy.isTransient(failure) && !RetryPolicy.isConnectionLoss(failure)
                ? CommitOutcome.Certainty.DEFINITE : CommitOutcome.Certainty.AMBIGUOUS;
    }

    /** What {@link RoutingSession#commitInOrder(Map)} does; see there. */
    public static <K> CommitOutcome<K> sessions(Map<K, ? extends RoutingSession> sessions) {
        List<K> order = new ArrayList<>(sessions.keySet());
        return inOrder(order, new Participant<K>() {
            @Override
            public void commit(K key) {
                sessions.get(key).commit();
            }

            @Override
            public void rollbackQuietly(K key) {
                try {
                    sessions.get(key).rollback();
                } catch (RuntimeException e) {
                    LOG.warn("Rolling back the session of '{}' failed", key, e);
                }
            }

            @Override
            public CommitOutcome.Certainty certaintyOf(K key, RuntimeException failure) {
                return sessions.get(key).isCommitAmbiguous() ? CommitOutcome.Certainty.AMBIGUOUS : CommitOutcome.Certainty.DEFINITE;
            }
        });
    }
}
