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
    @Async
    public CompletableFuture<String> readOnlyLater() {
        return CompletableFuture.completedFuture(where.readOnly() + "@" + Thread.currentThread().getName());
    }
}
