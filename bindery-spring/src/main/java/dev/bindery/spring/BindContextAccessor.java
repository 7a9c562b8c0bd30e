package dev.bindery.spring;

import dev.bindery.BindContext;
import dev.bindery.BindScope;
import io.micrometer.context.ThreadLocalAccessor;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Micrometer context-propagation's accessor of {@link BindContext}: with it registered (it is, through
 * {@code META-INF/services}), {@code ContextSnapshot}s, Reactor and Spring's {@code ContextPropagatingTaskDecorator}
 * carry the bind context to the threads they run work on.
 */
public final class BindContextAccessor implements ThreadLocalAccessor<BindContext> {
    /** The key of the accessor in the context registry. */
    public static final String KEY = "dev.bindery.BindContext";

    private static final ThreadLocal<Deque<BindScope>> OPENED = ThreadLocal.withInitial(ArrayDeque::new);

    @Override
    public Object key() {
        return KEY;
    }

    @Override
    public BindContext getValue() {
        BindContext c = BindContext.current();
        return c.isEmpty() ? null : c;
    }

    @Override
    public void setValue(BindContext value) {
        OPENED.get().push(BindContext.enter(value));
    }

    @Override
    public void setValue() {
        OPENED.get().push(BindContext.enter(BindContext.NONE));
    }

    @Override
    public void restore(BindContext previousValue) {
        closeInnermost();
    }

    @Override
    public void restore() {
        closeInnermost();
    }

    private static void closeInnermost() {
        Deque<BindScope> opened = OPENED.get();
        BindScope s = opened.poll();
        if (s != null) {
            s.close();
        }
        if (opened.isEmpty()) {
            OPENED.remove();
        }
    }
}
