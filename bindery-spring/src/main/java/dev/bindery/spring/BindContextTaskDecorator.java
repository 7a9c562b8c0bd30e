package dev.bindery.spring;

import dev.bindery.BindContext;
import org.springframework.core.task.TaskDecorator;

/**
 * A {@link TaskDecorator} that runs each task in the {@link BindContext} of the thread that submitted it (its bind,
 * read-only hint, group, region and causal token), so {@code @Async} methods and executor tasks are routed as their
 * caller would be. The Spring Boot starter applies it to the auto-configured executors.
 */
public final class BindContextTaskDecorator implements TaskDecorator {
    @Override
    public Runnable decorate(Runnable runnable) {
        return BindContext.wrap(runnable);
    }
}
