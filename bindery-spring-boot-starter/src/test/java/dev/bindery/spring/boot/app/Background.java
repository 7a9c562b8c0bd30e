package dev.bindery.spring.boot.app;

import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Service;

import java.util.concurrent.CompletableFuture;

/** Work on Spring's auto-configured executor. */
@Service
public class Background {
    private final Where where;

    public Background(Where where) {
        this.where = where;
    }

    /** Where a read-only transaction of an {@code @Async} method runs, and on which thread. */
    // tag::async[]
    @Async                                      // runs in the caller's BindContext (the starter's TaskDecorator)
    public CompletableFuture<String> readOnlyLater() {
        return CompletableFuture.completedFuture(where.readOnly() + "@" + Thread.currentThread().getName());
    }
    // end::async[]

    /** Where a read-only transaction of an {@code @Async} method runs, and whether its thread is virtual. */
    @Async
    public CompletableFuture<String> readOnlyOnWhichThread() throws ReflectiveOperationException {
        boolean virtual = (Boolean) Thread.class.getMethod("isVirtual").invoke(Thread.currentThread());   // Java 21 API
        return CompletableFuture.completedFuture(where.readOnly() + "@" + (virtual ? "virtual" : "platform"));
    }
}
