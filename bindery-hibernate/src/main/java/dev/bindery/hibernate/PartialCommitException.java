package dev.bindery.hibernate;

import dev.bindery.AvailabilityException;

import java.util.List;

/**
 * Thrown by {@link RoutingSession#commit()} when a session wrote to several binds and one failed to commit after
 * others had committed. Bindery commits binds in the order their transactions began (first write, or first work
 * inside {@code begin()}); the binds before the
 * failed one stay committed, the failed one and those after it were rolled back. Reconcile the committed binds (or
 * make the work idempotent) before retrying; it is never retried automatically.
 */
public final class PartialCommitException extends AvailabilityException {
    private static final long serialVersionUID = 1L;
    private final transient List<String> committed;
    private final String failed;
    private final transient List<String> rolledBack;
    private final CommitOutcome.Certainty certainty;

    /**
     * A partial commit whose failed bind's outcome is {@code certainty}: {@link CommitOutcome.Certainty#DEFINITE} when its
     * database refused the commit, {@link CommitOutcome.Certainty#AMBIGUOUS} when it may have committed too.
     */
    public PartialCommitException(List<String> committed, String failed, List<String> rolledBack,
                                  CommitOutcome.Certainty certainty, Throwable cause) {
        super("Partial commit: binds " + committed + " committed, then bind '" + failed + "' failed to commit ("
                + cause + ")" + (rolledBack.isEmpty() ? "" : "; binds " + rolledBack + " were rolled back")
                + ". The committed work stays committed: reconcile it before retrying this unit of work.", cause);
        this.committed = List.copyOf(committed);
        this.failed = failed;
        this.rolledBack = List.copyOf(rolledBack);
        this.certainty = certainty == null ? CommitOutcome.Certainty.AMBIGUOUS : certainty;
    }

    /** A partial commit whose failed bind may have committed as well ({@link CommitOutcome.Certainty#AMBIGUOUS}). */
    public PartialCommitException(List<String> committed, String failed, List<String> rolledBack, Throwable cause) {
        this(committed, failed, rolledBack, CommitOutcome.Certainty.AMBIGUOUS, cause);
    }

    /** The binds that committed, in commit order. */
    public List<String> committed() {
        return committed;
    }

    /** The bind whose commit failed. */
    public String failed() {
        return failed;
    }

    /** The binds after the failed one, which were rolled back. */
    public List<String> rolledBack() {
        return rolledBack;
    }

    /** Whether the failed bind's commit certainly did not happen, or may have (the connection was lost while committing). */
    public CommitOutcome.Certainty certainty() {
        return certainty;
    }
}
