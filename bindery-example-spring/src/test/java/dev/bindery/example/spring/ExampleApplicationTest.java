package dev.bindery.example.spring;

import static dev.bindery.example.spring.HandWrittenRoutingPitfallsTest.awaitBindHealth;
import static dev.bindery.example.spring.probe.RouteLog.since;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bindery.example.spring.probe.RouteLog;
import dev.bindery.test.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The example application with the Bindery starter, driven over real HTTP. Each test asserts the rows on each node
 * (read there directly over JDBC) and the routes the starter's router decided ({@link RouteLog}), not only statuses.
 */
class ExampleApplicationTest extends StarterApplicationTest {
    private static final int PAIRS = 1_000;
    private static final int CLIENTS = 4;

    @Autowired
    RouteLog routes;

    private static String note(String title) {
        return "{\"title\":\"" + title + "\"}";
    }

    @Test
    void writesGoToThePrimaryAndReadsToTheReplicas() {
        awaitAllServing();
        HttpJson writer = starterClient();
        Map<String, Long> before = routes.snapshot();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(writer.post("/notes", note("routed " + i)).expect(201).get("id").asLong());
        }
        Map<String, Long> afterWrites = routes.snapshot();
        assertThat(since(before, afterWrites, "default")).as("one read-write transaction per POST").isEqualTo(6);
        assertThat(since(before, afterWrites, "replica-1") + since(before, afterWrites, "replica-2")).isZero();

        DB.awaitReplicasCaughtUp();
        for (int i = 0; i < ids.size(); i++) {
            assertThat(DB.noteTitles(ids.get(i))).as("the row on every node, replicated from the primary")
                    .containsOnly(Map.entry("primary", List.of("routed " + i)), Map.entry("replica-1", List.of("routed " + i)),
                            Map.entry("replica-2", List.of("routed " + i)));
        }
        HttpJson reader = starterClient();      // a client that wrote nothing: no read-your-writes cookie
        for (int i = 0; i < ids.size(); i++) {
            assertThat(reader.get("/notes/" + ids.get(i)).expect(200).get("title").asText()).isEqualTo("routed " + i);
        }
        Map<String, Long> afterReads = routes.snapshot();
        assertThat(since(afterWrites, afterReads, "default")).as("no read on the primary").isZero();
        assertThat(since(afterWrites, afterReads, "replica-1")).as("round-robin over both replicas").isEqualTo(3);
        assertThat(since(afterWrites, afterReads, "replica-2")).isEqualTo(3);
    }

    @Test
    void noStaleReadInAThousandPostThenGetPairsWithReplayPausedOnAReplica() throws Exception {
        awaitAllServing();
        Node paused = DB.notes.replica(1);
        String prefix = "pair " + System.nanoTime() + " ";
        DB.notes.pauseReplay(paused);
        Map<String, Long> before = routes.snapshot();
        long stale = 0;
        try {
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            List<Future<Long>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.add(pool.submit(() -> postThenGet(prefix + client + "-", PAIRS / CLIENTS)));
            }
            for (Future<Long> f : clients) {
                stale += f.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();
        } finally {
            DB.notes.resumeReplay(paused);
        }
        Map<String, Long> after = routes.snapshot();
        long onPrimary = since(before, after, "default") - PAIRS;   // minus the POSTs' read-write transactions
        long onReplica2 = since(before, after, "replica-2");
        System.out.printf("%d POST-then-GET pairs, replay paused on replica-1: %d stale; GETs on primary %d, replica-2 %d,"
                + " replica-1 %d; routes %s%n", PAIRS, stale, onPrimary, onReplica2, since(before, after, "replica-1"), after);

        assertThat(stale).isZero();
        assertThat(since(before, after, "replica-1")).as("the paused replica never has the write: it gets none of the GETs")
                .isZero();
        assertThat(onPrimary + onReplica2).isEqualTo(PAIRS);
        DB.awaitReplicasCaughtUp();
        for (Node node : DB.notes.nodes()) {
            assertThat(ExampleDatabases.strings(DB.notes, node, "SELECT count(*) FROM note WHERE title LIKE '" + prefix + "%'"))
                    .as("every pair's row on " + node.name()).containsExactly(String.valueOf(PAIRS));
        }
    }

    /** {@code count} POST-then-GET pairs by one client; returns how many GETs did not see their POST. */
    private long postThenGet(String prefix, int count) {
        HttpJson client = starterClient();
        long stale = 0;
        // tag::post-then-get[]
        for (int i = 0; i < count; i++) {
            String title = prefix + i;
            long id = client.post("/notes", note(title)).expect(201).get("id").asLong();
            HttpJson.Reply read = client.get("/notes/" + id);
            if (read.status() != 200 || !title.equals(read.body().get("title").asText())) {
                stale++;
            }
        }
        // end::post-then-get[]
        return stale;
    }

    @Test
    void entitiesOfASecondGroupUseItsOwnDatabaseThroughBindKey() {
        HttpJson client = starterClient();
        Map<String, Long> before = routes.snapshot();
        long id = client.post("/audit", "{\"action\":\"exported notes\"}").expect(201).get("id").asLong();
        Map<String, Long> afterWrite = routes.snapshot();

        assertThat(ExampleDatabases.strings(DB.audit, DB.audit.primary(), "SELECT action FROM audit_entry WHERE id = " + id))
                .containsExactly("exported notes");
        assertThat(ExampleDatabases.strings(DB.notes, DB.notes.primary(), "SELECT to_regclass('audit_entry')::text"))
                .as("the notes database has no audit table").containsExactly((String) null);
        assertThat(since(before, afterWrite, "audit")).isEqualTo(1);
        assertThat(since(before, afterWrite, "default")).isZero();

        DB.awaitReplicasCaughtUp();
        assertThat(starterClient().get("/audit/" + id).expect(200).get("action").asText()).isEqualTo("exported notes");
        assertThat(since(afterWrite, routes.snapshot(), "audit-replica")).as("read on the audit group's replica").isEqualTo(1);
    }

    @Test
    void asyncWorkKeepsTheBindOfTheRequestThatStartedIt() {
        awaitAllServing();
        DB.awaitReplicasCaughtUp();
        Map<String, Long> before = routes.snapshot();
        JsonNode summary = starterClient().get("/reports/notes").expect(200);
        Map<String, Long> after = routes.snapshot();

        assertThat(summary.get("thread").asText()).as("counted on Spring's task executor").startsWith("task-");
        assertThat(since(before, after, "replica-2")).as("on @UseBind's replica").isEqualTo(1);
        assertThat(since(before, after, "default") + since(before, after, "replica-1")).isZero();
        assertThat(routes.lastThread("replica-2")).isEqualTo(summary.get("thread").asText());
        assertThat(summary.get("notes").asLong()).as("the count on replica-2 itself").isEqualTo(Long.parseLong(
                ExampleDatabases.strings(DB.notes, DB.notes.replica(2), "SELECT count(*) FROM note").get(0)));
    }

    @Test
    void healthGoesDownWhenAGroupCannotServeAndUpWhenItsReplicaIsBack() {
        awaitAllServing();
        HttpJson client = starterClient();
        long note = client.post("/notes", note("still readable")).expect(201).get("id").asLong();
        long entry = client.post("/audit", "{\"action\":\"checked health\"}").expect(201).get("id").asLong();
        DB.awaitReplicasCaughtUp();
        HttpJson reader = starterClient();
        assertThat(reader.get("/audit/" + entry).expect(200).get("action").asText()).isEqualTo("checked health");
        Node server = DB.notes.replica(2);      // the audit group's only replica, and the notes group's second
        DB.notes.stop(server);
        try {
            JsonNode audit = awaitBindHealth(client, "audit-replica", h -> "DOWN".equals(h.get("status").asText()));
            assertThat(audit.at("/details/serving").asBoolean()).isFalse();
            HttpJson.Reply health = client.get("/actuator/health");
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.body().get("status").asText()).isEqualTo("DOWN");
            assertThat(reader.get("/audit/" + entry).status()).as("the audit group cannot serve reads (no fallback)")
                    .isGreaterThanOrEqualTo(500);
            JsonNode notesReplica = awaitBindHealth(client, "replica-2", h -> !h.at("/details/serving").asBoolean(true));
            assertThat(notesReplica.get("status").asText()).as("the notes group still serves from replica-1").isEqualTo("UP");
            assertThat(reader.get("/notes/" + note).expect(200).get("title").asText()).isEqualTo("still readable");
        } finally {
            DB.notes.start(server);
        }
        awaitBindHealth(client, "audit-replica", h -> "UP".equals(h.get("status").asText()));
        awaitBindHealth(client, "replica-2", h -> h.at("/details/serving").asBoolean(false));
        HttpJson.Reply health = client.get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().get("status").asText()).isEqualTo("UP");
        assertThat(reader.get("/audit/" + entry).expect(200).get("action").asText()).isEqualTo("checked health");
    }

    @Test
    void migrationsRanOnEachGroupsPrimaryOnly() {
        DB.awaitReplicasCaughtUp();
        for (Node node : DB.notes.nodes()) {
            assertThat(ExampleDatabases.strings(DB.notes, node,
                    "SELECT script || ' on ' || port || ', in recovery: ' || in_recovery FROM migration_origin"))
                    .as("on " + node.name() + ": one migration, run by the primary and replicated")
                    .containsExactly("V1__notes on " + DB.notes.primary().port() + ", in recovery: false");
        }
        for (Node node : DB.audit.nodes()) {
            assertThat(ExampleDatabases.strings(DB.audit, node,
                    "SELECT script || ' on ' || port || ', in recovery: ' || in_recovery FROM migration_origin"))
                    .as("on " + node.name() + " of the audit database: db/audit, run by its primary")
                    .containsExactly("V1__audit on " + DB.audit.primary().port() + ", in recovery: false");
        }
    }
}
