package dev.bindery.example;

import dev.bindery.test.ReplicatedDatabase;
import dev.bindery.test.PostgresReplication;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** What a new user meets in the first hour on PostgreSQL: a mistyped database name, and a restart. */
@PostgresReplication(replicas = 2)
class DemoFirstHourOnPostgresTest {

    private static Map<String, String> env(String primaryUrl, ReplicatedDatabase cluster) {
        return Map.of("BINDERY_URL", primaryUrl,
                "BINDERY_BINDS_REPLICA_1_URL", cluster.jdbcUrl(cluster.replica(1)),
                "BINDERY_BINDS_REPLICA_1_REPLICA_OF", "default");
    }

    @Test
    void aMistypedDatabaseNameFailsAtOnceWithTheDatabasesOwnMessageFirst(ReplicatedDatabase cluster) {
        String wrong = cluster.jdbcUrl(cluster.primary()).replace("/" + cluster.database() + "?", "/tset?");
        assertThat(wrong).contains("/tset?");
        long started = System.nanoTime();
        Throwable refused = catchThrowable(() -> TodoApp.start(DemoBinds.load(env(wrong, cluster), new Properties())
                .binds(), 0).close());
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        System.out.println("a mistyped database name was refused after " + millis + " ms");

        assertThat(refused).isInstanceOf(DemoStartException.class);
        assertThat(refused.getMessage().lines().findFirst().orElseThrow())
                .contains("Bind 'default'").contains("database \"tset\" does not exist");
        assertThat(refused.getMessage()).contains("BINDERY_URL").doesNotContainIgnoringCase("dialect");
    }

    @Test
    void aRestartFindsItsTableAndPrintsOneLineInsteadOfAStackTrace(ReplicatedDatabase cluster) throws SQLException {
        Map<String, String> env = env(cluster.jdbcUrl(cluster.primary()), cluster);
        try (TodoApp first = TodoApp.start(DemoBinds.load(env, new Properties()).binds(), 0)) {
            assertThat(new DemoClient(first.port()).send("POST", "/api/todos", "{\"title\":\"before the restart\"}")
                    .statusCode()).isEqualTo(201);
        }
        String output;
        try (Captured captured = new Captured()) {
            try (TodoApp second = TodoApp.start(DemoBinds.load(env, new Properties()).binds(), 0)) {
                cluster.awaitCaughtUp(Duration.ofSeconds(30));
                assertThat(DemoClient.json(new DemoClient(second.port()).send("GET", "/api/todos", null))
                        .get("total").asLong()).isEqualTo(1);
            }
            output = captured.text();
        }
        assertThat(output).doesNotContain("already exists").doesNotContain("\tat ");
        try (Connection c = cluster.connect(cluster.primary()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select title from todo")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("before the restart");
            assertThat(rs.next()).isFalse();
        }
    }

    /** Everything printed to System.out and System.err, and every java.util.logging record, while open. */
    static final class Captured implements AutoCloseable {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final PrintStream out = System.out;
        private final PrintStream err = System.err;
        private final StringBuilder records = new StringBuilder();
        private final Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                synchronized (records) {
                    records.append(r.getLevel()).append(' ').append(r.getMessage()).append('\n');
                    if (r.getThrown() != null) {
                        records.append(r.getThrown()).append('\n');
                    }
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };

        Captured() {
            PrintStream both = new PrintStream(bytes, true, StandardCharsets.UTF_8);
            System.setOut(both);
            System.setErr(both);
            Logger.getLogger("").addHandler(handler);
        }

        String text() {
            synchronized (records) {
                return bytes.toString(StandardCharsets.UTF_8) + records;
            }
        }

        @Override
        public void close() {
            Logger.getLogger("").removeHandler(handler);
            System.setOut(out);
            System.setErr(err);
            out.print(text());
        }
    }
}
