package dev.bindery;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Context isolation under many threads: every task sees its own bind, and every pool ends with no active connection. */
class ContextConcurrencyTest {
    private static final int TASKS = 10_000;
    private static final String[] KEYS = {Binds.DEFAULT, "b1", "b2", "b3"};
    private static Binds binds;

    @BeforeAll
    static void setUp() {
        Binds.Builder b = Binds.builder();
        for (String key : KEYS) {
            b.bind(key, c -> c.url(H2.url("conc-" + key)).poolSize(8));
        }
        binds = b.build();
    }

    @AfterAll
    static void tearDown() {
        binds.close();
    }

    @Test
    void tenThousandTasksOnSixtyFourPlatformThreadsEachSeeTheirOwnBind() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(64);
        try {
            runTasks(pool);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void tenThousandTasksOnVirtualThreadsEachSeeTheirOwnBind() throws Exception {
        ExecutorService pool;
        try {
            pool = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (NoSuchMethodException e) {
            assumeTrue(false, "virtual threads need JDK 21+; this JVM is " + Runtime.version());
            return;
        }
        try {
            runTasks(pool);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void runTasks(ExecutorService pool) throws Exception {
        AtomicInteger checked = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>(TASKS);
        for (int i = 0; i < TASKS; i++) {
            long seed = i;
            futures.add(pool.submit(() -> {
                runNested(new SplittableRandom(seed), 0, checked);
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get(2, TimeUnit.MINUTES);
        }
        assertThat(checked.get()).isGreaterThanOrEqualTo(TASKS);
        for (String key : KEYS) {
            assertThat(binds.poolStats(key).active()).as("active connections of %s", key).isZero();
        }
    }

    /** Opens 0-3 nested scopes at random, checking the bind of a real connection at each level and after each close. */
    private static void runNested(SplittableRandom random, int depth, AtomicInteger checked) throws Exception {
        String expected = BindContext.current().bind() == null ? Binds.DEFAULT : BindContext.current().bind();
        assertThat(databaseOfRoutedConnection()).isEqualTo(expected);
        checked.incrementAndGet();
        if (depth < 3 && random.nextInt(3) > 0) {
            String key = KEYS[random.nextInt(KEYS.length)];
            try (BindScope s = BindContext.use(key)) {
                if (random.nextBoolean()) {
                    Thread.yield();
                }
                runNested(random, depth + 1, checked);
            }
            String after = BindContext.current().bind() == null ? Binds.DEFAULT : BindContext.current().bind();
            assertThat(after).isEqualTo(expected);
        }
    }

    private static String databaseOfRoutedConnection() throws Exception {
        try (Connection c = binds.routingDataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery("select database()")) {
            rs.next();
            String name = rs.getString(1).toLowerCase(java.util.Locale.ROOT);
            return name.substring("conc-".length(), name.lastIndexOf('-'));
        }
    }
}
