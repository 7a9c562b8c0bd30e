package dev.bindery;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A scoped routing override on the current thread, the counterpart of quart-sqlalchemy's {@code using_bind} and bind
 * contexts. Scopes nest and restore; {@link #wrap(Runnable)} and friends carry the context into other threads.
 *
 * <pre>{@code
 * try (BindScope s = BindContext.use("replica")) {
 *     dataSource.getConnection();   // served by "replica"
 * }
 * }</pre>
 *
 * An instance is an immutable snapshot of the context: explicit bind and execution options, read-only hint, group
 * and region. Inner scopes inherit what they do not override.
 */
public final class BindContext {
    /** The empty context: no override. */
    public static final BindContext NONE = new BindContext(null, ExecutionOptions.NONE, false, null, null, null, null);

    private static final BindContext READ_ONLY = new BindContext(null, ExecutionOptions.NONE, true, null, null, null, null);
    private static final int MAX_CACHED_KEYS = 1024;
    /** Contexts naming only a bind, shared: opening {@code use(key)} from no context allocates no context. */
    private static final java.util.concurrent.ConcurrentHashMap<String, BindContext> BY_KEY = new java.util.concurrent.ConcurrentHashMap<>();

    private final String bind;
    private final ExecutionOptions options;
    private final boolean readOnly;
    private final String group;
    private final String region;
    private final CausalToken token;
    private final String residencyOverride;

    private BindContext(String bind, ExecutionOptions options, boolean readOnly, String group, String region, CausalToken token,
                        String residencyOverride) {
        this.bind = bind;
        this.options = options;
        this.readOnly = readOnly;
        this.group = group;
        this.region = region;
        this.token = token;
        this.residencyOverride = residencyOverride;
    }

    /** The context of the current thread; {@link #NONE} when no scope is open. */
    public static BindContext current() {
        ScopeCell cell = ScopeCell.ofCurrentThreadIfAny();
        return cell == null ? NONE : cell.context();
    }

    /** Points the current thread at bind {@code key} until the scope closes. The key is checked when routed. */
    public static BindScope use(String key) {
        return use(key, ExecutionOptions.NONE);
    }

    /**
     * Points the current thread at a derived bind: bind {@code key} with other execution options, sharing its pool.
     * The options are applied when a connection is taken and undone when it is returned.
     */
    public static BindScope use(String key, ExecutionOptions options) {
        requireKey(key);
        ScopeCell cell = ScopeCell.ofCurrentThread();
        BindContext c = cell.context();
        if (c == NONE && (options == null || options == ExecutionOptions.NONE)) {
            BindContext shared = BY_KEY.get(key);
            if (shared == null && BY_KEY.size() < MAX_CACHED_KEYS) {
                shared = BY_KEY.computeIfAbsent(key, k -> new BindContext(k, ExecutionOptions.NONE, false, null, null, null, null));
            }
            if (shared != null) {
                return cell.open(shared);
            }
        }
        return cell.open(new BindContext(key, options == null ? ExecutionOptions.NONE : options, c.readOnly, c.group, c.region, c.token,
                c.residencyOverride));
    }

    /** Marks the work of the scope as read-only, so that it is routed to a replica of the default group. */
    public static BindScope readOnly() {
        ScopeCell cell = ScopeCell.ofCurrentThread();
        BindContext c = cell.context();
        if (c == NONE) {
            return cell.open(READ_ONLY);
        }
        return cell.open(new BindContext(c.bind, c.options, true, c.group, c.region, c.token, c.residencyOverride));
    }

    /** Marks the work of the scope as read-only reads of {@code group}, routed to one of that group's replicas. */
    public static BindScope readOnly(String group) {
        requireKey(group);
        BindContext c = current();
        return open(new BindContext(null, ExecutionOptions.NONE, true, group, c.region, c.token, c.residencyOverride));
    }

    /** Sets the current region (for data residency) until the scope closes. */
    public static BindScope region(String region) {
        requireKey(region);
        BindContext c = current();
        return open(new BindContext(c.bind, c.options, c.readOnly, c.group, region, c.token, c.residencyOverride));
    }

    /**
     * Makes reads of the scope see the writes recorded in {@code token}: only replicas that have replayed past it
     * serve them, else the primary (plain JDBC users' counterpart of {@code SessionOptions.after}).
     */
    public static BindScope after(CausalToken token) {
        BindContext c = current();
        CausalToken merged = c.token == null ? token : c.token.merge(token);
        return open(new BindContext(c.bind, c.options, c.readOnly, c.group, c.region, merged, c.residencyOverride));
    }

    static BindScope overrideResidency(String reason) {
        BindContext c = current();
        return open(new BindContext(c.bind, c.options, c.readOnly, c.group, c.region, c.token, reason));
    }

    /** Runs {@code work} with bind {@code key} as the current bind and returns its result; exceptions pass through. */
    public static <T, X extends Exception> T call(String key, ThrowingSupplier<T, X> work) throws X {
        try (BindScope ignored = use(key)) {
            return work.get();
        }
    }

    /** Runs {@code work} with bind {@code key} as the current bind; exceptions pass through. */
    public static <X extends Exception> void run(String key, ThrowingRunnable<X> work) throws X {
        try (BindScope ignored = use(key)) {
            work.run();
        }
    }

    /**
     * Makes {@code snapshot} (a value {@link #current()} returned, maybe on another thread) the current context of
     * this thread until the scope closes, exactly as it was: nothing is inherited from the scopes open here. For
     * context-propagation libraries and task decorators; application code uses {@link #wrap(Runnable)}.
     */
    public static BindScope enter(BindContext snapshot) {
        return ScopeCell.ofCurrentThread().open(snapshot == null ? NONE : snapshot);
    }

    /** A runnable that runs {@code task} in the context current now, wherever it is run. */
    public static Runnable wrap(Runnable task) {
        BindContext captured = current();
        return () -> {
            ScopeCell cell = ScopeCell.ofCurrentThread();
            BindScope previous = cell.innermost;
            cell.innermost = captured == NONE ? null : new BindScope(captured, previous, cell);
            try {
                task.run();
            } finally {
                cell.innermost = previous;
            }
        };
    }

    /** A callable that runs {@code task} in the context current now, wherever it is run. */
    public static <T> Callable<T> wrap(Callable<T> task) {
        BindContext captured = current();
        return () -> {
            ScopeCell cell = ScopeCell.ofCurrentThread();
            BindScope previous = cell.innermost;
            cell.innermost = captured == NONE ? null : new BindScope(captured, previous, cell);
            try {
                return task.call();
            } finally {
                cell.innermost = previous;
            }
        };
    }

    /** An executor that runs each task in the context that was current when the task was submitted. */
    public static Executor wrap(Executor executor) {
        return task -> executor.execute(wrap(task));
    }

    /** An executor service whose tasks run in the context that was current when each was submitted. */
    public static ExecutorService wrap(ExecutorService executor) {
        return new ContextExecutorService(executor);
    }

    /** The explicit bind key of this context, or {@code null}. */
    public String bind() {
        return bind;
    }

    /** The execution options of the explicit bind ({@link ExecutionOptions#NONE} when there are none). */
    public ExecutionOptions options() {
        return options;
    }

    /** Whether the work of this context only reads. */
    public boolean isReadOnly() {
        return readOnly;
    }

    /** The group that reads of this context are routed in, or {@code null} for the default. */
    public String group() {
        return group;
    }

    /** The current region, or {@code null}. */
    public String region() {
        return region;
    }

    /** The causal token reads of this context must see, or {@code null}. */
    public CausalToken token() {
        return token;
    }

    /** The reason of an open {@link Residency#override(String)} scope, or {@code null}. */
    public String residencyOverride() {
        return residencyOverride;
    }

    /** Whether this is the empty context. */
    public boolean isEmpty() {
        return this == NONE;
    }

    @Override
    public String toString() {
        if (this == NONE) {
            return "BindContext[none]";
        }
        StringBuilder b = new StringBuilder("BindContext[");
        if (bind != null) {
            b.append("bind=").append(bind);
            if (!options.isEmpty()) {
                b.append(", options=").append(options);
            }
        }
        if (readOnly) {
            b.append(b.length() > 12 ? ", " : "").append("readOnly").append(group == null ? "" : " group=" + group);
        }
        if (region != null) {
            b.append(b.length() > 12 ? ", " : "").append("region=").append(region);
        }
        if (token != null) {
            b.append(b.length() > 12 ? ", " : "").append("after=").append(token.serialize());
        }
        if (residencyOverride != null) {
            b.append(b.length() > 12 ? ", " : "").append("residencyOverride=").append(residencyOverride);
        }
        return b.append(']').toString();
    }

    private static BindScope open(BindContext next) {
        return ScopeCell.ofCurrentThread().open(next);
    }

    private static void requireKey(String key) {
        if (key == null || key.isBlank()) {
            throw new UnknownBindException(String.valueOf(key), List.of());
        }
    }

    /** A supplier that may throw the caller's checked exception. */
    @FunctionalInterface
    public interface ThrowingSupplier<T, X extends Exception> {
        T get() throws X;
    }

    /** A runnable that may throw the caller's checked exception. */
    @FunctionalInterface
    public interface ThrowingRunnable<X extends Exception> {
        void run() throws X;
    }

    private static final class ContextExecutorService implements ExecutorService {
        private final ExecutorService delegate;

        ContextExecutorService(ExecutorService delegate) {
            this.delegate = delegate;
        }

        @Override
        public void execute(Runnable command) {
            delegate.execute(wrap(command));
        }

        @Override
        public <T> Future<T> submit(Callable<T> task) {
            return delegate.submit(wrap(task));
        }

        @Override
        public <T> Future<T> submit(Runnable task, T result) {
            return delegate.submit(wrap(task), result);
        }

        @Override
        public Future<?> submit(Runnable task) {
            return delegate.submit(wrap(task));
        }

        @Override
        public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
            return delegate.invokeAll(wrapAll(tasks));
        }

        @Override
        public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
                throws InterruptedException {
            return delegate.invokeAll(wrapAll(tasks), timeout, unit);
        }

        @Override
        public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
            return delegate.invokeAny(wrapAll(tasks));
        }

        @Override
        public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
                throws InterruptedException, ExecutionException, TimeoutException {
            return delegate.invokeAny(wrapAll(tasks), timeout, unit);
        }

        private static <T> List<Callable<T>> wrapAll(Collection<? extends Callable<T>> tasks) {
            return tasks.stream().map(BindContext::wrap).toList();
        }

        @Override
        public void shutdown() {
            delegate.shutdown();
        }

        @Override
        public List<Runnable> shutdownNow() {
            return delegate.shutdownNow();
        }

        @Override
        public boolean isShutdown() {
            return delegate.isShutdown();
        }

        @Override
        public boolean isTerminated() {
            return delegate.isTerminated();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return delegate.awaitTermination(timeout, unit);
        }
    }
}
