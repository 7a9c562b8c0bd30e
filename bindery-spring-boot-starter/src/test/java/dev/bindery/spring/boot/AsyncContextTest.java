package dev.bindery.spring.boot;

import dev.bindery.BindContext;
import dev.bindery.BindScope;
import dev.bindery.spring.BindContextAccessor;
import dev.bindery.spring.boot.app.Background;
import dev.bindery.spring.boot.app.Where;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshotFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The bind context follows work into Spring's auto-configured executor and through context propagation. */
class AsyncContextTest extends StarterContext {
    @Autowired
    Background background;
    @Autowired
    Where where;

    @Test
    void anAsyncMethodRunsInItsCallersBindContext() throws Exception {
        String served;
        try (BindScope s = BindContext.use("other")) {
            served = background.readOnlyLater().get();
        }
        assertThat(served).startsWith("other@");
        assertThat(background.readOnlyLater().get()).as("no context: a replica").startsWith("replica@");
    }

    @Test
    void onVirtualThreadsTooWhenSpringBootRunsItsExecutorsOnThem() throws Exception {
        assumeTrue(Boolean.getBoolean("spring.threads.virtual.enabled"), "runs on Java 21+ with spring.threads.virtual.enabled "
                + "(the starter's virtual-threads execution, where a JDK 25 is installed)");
        String served;
        try (BindScope s = BindContext.use("other")) {
            served = background.readOnlyOnWhichThread().get();
        }
        assertThat(served).isEqualTo("other@virtual");
    }

    @Test
    void contextPropagationCarriesTheBindContextToAnotherThread() throws Exception {
        assertThat(ContextRegistry.getInstance().getThreadLocalAccessors()).anyMatch(a -> a.key().equals(BindContextAccessor.KEY));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Runnable[] task = new Runnable[1];
            String[] seen = new String[1];
            try (BindScope s = BindContext.use("other")) {
                Runnable read = () -> seen[0] = where.readOnly();
                task[0] = ContextSnapshotFactory.builder().build().captureAll().wrap(read);
            }
            CompletableFuture.runAsync(task[0], pool).get();
            assertThat(seen[0]).isEqualTo("other");
            assertThat(CompletableFuture.supplyAsync(where::readOnly, pool).get()).as("the pool thread is left clean").isEqualTo("replica");
        } finally {
            pool.shutdown();
        }
    }
}
