package dev.bindery.hibernate;

import java.util.List;
import java.util.Objects;

/**
 * What committing several transactions one after another did: which committed, which one failed and how, and which
 * were rolled back after it. {@link RoutingSession#commitInOrder(java.util.Map)} returns one for several sessions;
 * inside one session, {@link PartialCommitException} carries the same information about its binds.
 *
 * @param committed  what committed, in commit order
 * @param failed     what failed to commit (and was rolled back), or {@code null} when everything committed
 * @param failure    why it failed, or {@code null} when everything committed
 * @param certainty  whether the failed commit certainly did not happen, or {@code null} when everything committed
 * @param rolledBack what came after the failed one, rolled back without an attempt to commit it
 * @param <K>        what names a participant: a bind key, a request's database key
 */
public record CommitOutcome<K>(List<K> committed, K failed, RuntimeException failure, Certainty certainty, List<K> rolledBack) {

    /** What a failed commit leaves behind on the database that refused it. */
    public enum Certainty {
        /** The database refused the commit (a serialization failure, a deadlock): nothing of it was committed. */
        DEFINITE,
        /** The commit may have happened: the connection was lost while committing, or the database said nothing clear. */
        AMBIGUOUS
    }

    /**
     * Checks that a failure comes with its participant and certainty, and copies the lists.
     *
     * @throws IllegalArgumentException if {@code failed}, {@code failure} and {@code certainty} are not all set or all null
     */
    public CommitOutcome {
        if ((failed == null) != (failure == null) || (failure == null) != (certainty == null)) {
            throw new IllegalArgumentException("failed, failure and certainty are set together (a failed commit) or not at all; "
                    + "got failed=" + failed + ", failure=" + failure + ", certainty=" + certainty);
        }
        committed = List.copyOf(Objects.requireNonNull(committed, "committed"));
        rolledBack = List.copyOf(Objects.requireNonNull(rolledBack, "rolledBack"));
    }

    /** The outcome when everything in {@code committed} committed. */
    public static <K> CommitOutcome<K> allCommitted(List<K> committed) {
        return new CommitOutcome<>(committed, null, null, null, List.of());
    }

    /** Whether everything committed. */
    public boolean succeeded() {
        return failed == null;
    }

    /** Whether something committed before something else failed: the committed work stays, there is no two-phase commit. */
    public boolean isPartial() {
        return failed != null && !committed.isEmpty();
    }

    /**
     * Whether some of the work may have been committed although the whole did not: a partial commit, or a failed
     * commit whose outcome is {@link Certainty#AMBIGUOUS}. Never rerun such a unit of work; reconcile it first.
     */
    public boolean isAmbiguous() {
        return isPartial() || certainty == Certainty.AMBIGUOUS;
    }
}
