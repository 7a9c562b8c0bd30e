package dev.bindery;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BindContextTest {

    @AfterEach
    void noContextLeaksOutOfATest() {
        assertThat(BindContext.current()).isSameAs(BindContext.NONE);
    }

    @Test
    void scopesNestAndRestore() {
        assertThat(BindContext.current().isEmpty()).isTrue();
        try (BindScope outer = BindContext.use("a")) {
            assertThat(BindContext.current().bind()).isEqualTo("a");
            try (BindScope inner = BindContext.use("b")) {
                assertThat(BindContext.current().bind()).isEqualTo("b");
            }
            assertThat(BindContext.current().bind()).isEqualTo("a");
        }
        assertThat(BindContext.current().bind()).isNull();
    }

    @Test
    void innerScopesInheritWhatTheyDoNotOverride() {
        try (BindScope region = BindContext.region("eu"); BindScope ro = BindContext.readOnly(); BindScope bind = BindContext.use("x")) {
            BindContext c = BindContext.current();
            assertThat(c.region()).isEqualTo("eu");
            assertThat(c.isReadOnly()).isTrue();
            assertThat(c.bind()).isEqualTo("x");
            assertThat(c.toString()).contains("bind=x").contains("readOnly").contains("region=eu");
        }
    }

    @Test
    void closingOutOfOrderRestoresTheOuterContextAndSaysSo() {
        BindScope outer = BindContext.use("a");
        BindScope inner = BindContext.use("b");
        assertThatThrownBy(outer::close).isInstanceOf(ScopeException.class)
                .hasMessageContaining("closed out of order").hasMessageContaining("try-with-resources");
        assertThat(BindContext.current()).isSameAs(BindContext.NONE);
        inner.close();
        assertThat(BindContext.current()).isSameAs(BindContext.NONE);
    }

    @Test
    void aScopeCannotBeClosedOnAnotherThread() throws Exception {
        BindScope scope = BindContext.use("a");
        try {
            CompletableFuture<Throwable> f = CompletableFuture.supplyAsync(() -> {
                try {
                    scope.close();
                    return null;
                } catch (ScopeException e) {
                    return e;
                }
            });
            assertThat(f.get()).isInstanceOf(ScopeException.class).hasMessageContaining("BindContext.wrap");
            assertThat(BindContext.current().bind()).isEqualTo("a");
        } finally {
            scope.close();
        }
    }

    @Test
    void callAndRunPassCheckedExceptionsThroughUnwrapped() {
        assertThat(BindContext.call("x", () -> BindContext.current().bind())).isEqualTo("x");
        assertThatThrownBy(() -> BindContext.run("x", () -> {
            throw new IOException("disk full");
        })).isInstanceOf(IOException.class).hasMessage("disk full");
    }

    @Test
    void wrappedRunnablesAndCallablesCarryTheContextToAPlatformPool() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            AtomicReference<String> seen = new AtomicReference<>();
            Future<?> done;
            Callable<String> task = () -> BindContext.current().bind();
            Future<String> result;
            try (BindScope s = BindContext.use("replica")) {
                Runnable r = () -> seen.set(BindContext.current().bind());
                done = pool.submit(BindContext.wrap(r));
                result = pool.submit(BindContext.wrap(task));
            }
            done.get();
            assertThat(seen.get()).isEqualTo("replica");
            assertThat(result.get()).isEqualTo("replica");
            assertThat(pool.submit(task).get()).as("pool threads keep no context after the task").isNull();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aWrappedExecutorUsesTheContextOfEachSubmission() throws Exception {
        ExecutorService pool = BindContext.wrap(Executors.newSingleThreadExecutor());
        try {
            Callable<String> task = () -> BindContext.current().bind();
            Future<String> a;
            Future<String> b;
            try (BindScope s = BindContext.use("a")) {
                a = pool.submit(task);
            }
            try (BindScope s = BindContext.use("b")) {
                b = pool.submit(task);
            }
            assertThat(a.get()).isEqualTo("a");
            assertThat(b.get()).isEqualTo("b");
            assertThat(pool.submit(task).get()).isNull();
        } finally {
            pool.shutdownNow();
        }
    }
}
