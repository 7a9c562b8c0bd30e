package dev.bindery;

/**
 * An open {@link BindContext} scope on the current thread. Closing it restores the context that was current when
 * it opened. Scopes must be closed in reverse order of opening, on the thread that opened them.
 */
public final class BindScope implements AutoCloseable {
    private final BindContext context;
    private final BindScope previous;
    private final Thread owner;
    private final ScopeCell cell;
    private boolean closed;

    BindScope(BindContext context, BindScope previous, ScopeCell cell) {
        this.context = context;
        this.previous = previous;
        this.owner = Thread.currentThread();
        this.cell = cell;
    }

    /** The context this scope made current. */
    public BindContext context() {
        return context;
    }

    /**
     * Restores the previous context.
     *
     * @throws ScopeException if called on another thread, or while an inner scope is still open (the inner
     *                        scopes are closed as well, so the thread is left in this scope's outer context)
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (Thread.currentThread() != owner) {
            throw new ScopeException("A BindScope must be closed on the thread that opened it (" + owner.getName()
                    + "), not on " + Thread.currentThread().getName()
                    + ". To carry a context to another thread, use BindContext.wrap(...).");
        }
        closed = true;
        BindScope current = cell.innermost;
        if (current == this) {
            cell.innermost = previous;
            return;
        }
        if (!isOpenBelow(current)) {
            return; // an outer scope was closed first and already unwound this one; that close reported it
        }
        cell.innermost = previous;
        throw new ScopeException("BindScope closed out of order: an inner scope (" + current.context
                + ") was still open. Close scopes in reverse order, best with try-with-resources; "
                + "the thread is now back in " + (previous == null ? BindContext.NONE : previous.context) + ".");
    }

    /** Whether this scope is {@code inner} or one of the scopes {@code inner} was opened inside. */
    private boolean isOpenBelow(BindScope inner) {
        for (BindScope s = inner; s != null; s = s.previous) {
            if (s == this) {
                return true;
            }
        }
        return false;
    }
}
