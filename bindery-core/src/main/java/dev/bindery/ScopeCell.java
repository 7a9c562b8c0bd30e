package dev.bindery;

/**
 * The innermost open {@link BindScope} of one thread. Each thread keeps one cell in a thread-local for its whole life,
 * so opening and closing a scope costs one thread-local lookup, and closing none: the scope holds its cell.
 */
final class ScopeCell {
    private static final ThreadLocal<ScopeCell> CELLS = new ThreadLocal<>();

    /** The innermost open scope, or {@code null} when none is open. */
    BindScope innermost;

    /** The current thread's cell, or {@code null} if it never opened a scope. */
    static ScopeCell ofCurrentThreadIfAny() {
        return CELLS.get();
    }

    /** The current thread's cell, created on first use. */
    static ScopeCell ofCurrentThread() {
        ScopeCell cell = CELLS.get();
        if (cell == null) {
            cell = new ScopeCell();
            CELLS.set(cell);
        }
        return cell;
    }

    /** The context of the innermost scope, or {@link BindContext#NONE}. */
    BindContext context() {
        BindScope s = innermost;
        return s == null ? BindContext.NONE : s.context();
    }

    /** Opens a scope of {@code next} inside the innermost one. */
    BindScope open(BindContext next) {
        BindScope scope = new BindScope(next, innermost, this);
        innermost = scope;
        return scope;
    }
}
