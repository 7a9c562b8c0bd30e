package dev.bindery.example.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bindery.example.recipe.ReadOnlyRoutingRecipe;
import dev.bindery.example.recipe.RecipeApplication;
import dev.bindery.test.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The pitfalls of hand-written read/write routing in Spring, one test each. Every test runs one scenario, over HTTP,
 * against two Spring contexts of the same example application (same controllers, repositories and probes): the
 * hand-written recipe ({@link ReadOnlyRoutingRecipe}: {@code AbstractRoutingDataSource} keyed by the transaction's
 * read-only flag behind a {@code LazyConnectionDataSourceProxy}) and the Bindery starter. For the recipe each test
 * asserts the misroute it gets (the wrong node, the stale value, the silent success), for the starter the right outcome.
 */
class HandWrittenRoutingPitfallsTest extends StarterApplicationTest {

    /** The two ways of routing the same application. */
    enum Setup { RECIPE, STARTER }

    private static ConfigurableApplicationContext recipe;

    @BeforeAll
    static void startRecipe() {
        recipe = RecipeApplication.start(DB.recipeProperties());
    }

    @AfterAll
    static void stopRecipe() {
        if (recipe != null) {
            recipe.close();
        }
    }

    static Stream<Setup> setups() {
        return Stream.of(Setup.RECIPE, Setup.STARTER);
    }

    private HttpJson client(Setup setup) {
        return switch (setup) {
            case RECIPE -> new HttpJson(((WebServerApplicationContext) recipe).getWebServer().getPort());
            case STARTER -> starterClient();
        };
    }

    private static int primaryPort() {
        return DB.notes.primary().port();
    }

    private static List<Integer> replicaPorts() {
        return DB.notes.replicas().stream().map(Node::port).toList();
    }

    @ParameterizedTest
    @MethodSource("setups")
    void aReadOnlyTransactionReachesAReplicaAfterSomethingReadTheConnectionsMetadata(Setup setup) {
        JsonNode reply = client(setup).get("/probe/metadata-then-read").expect(200);

        assertThat(reply.get("product").asText()).isEqualTo("PostgreSQL");
        int port = reply.get("port").asInt();
        switch (setup) {
            case RECIPE -> assertThat(port)
                    .as("the recipe fixed the route when getMetaData() fetched the request's connection, outside any "
                            + "transaction, and the read-only transaction after it ran on that connection")
                    .isEqualTo(primaryPort());
            case STARTER -> assertThat(port).as("routed at the transaction's first statement").isIn(replicaPorts());
        }
    }

    @ParameterizedTest
    @MethodSource("setups")
    void aWriteAfterARepositoryReadInTheSameRequestReachesThePrimary(Setup setup) {
        String title = "read-then-write " + setup + " " + System.nanoTime();

        HttpJson.Reply reply = client(setup).post("/probe/read-then-write?title=" + title.replace(' ', '+'), "");

        List<String> onPrimary = ExampleDatabases.strings(DB.notes, DB.notes.primary(),
                "SELECT title FROM note WHERE title = '" + title + "'");
        switch (setup) {
            case RECIPE -> {
                assertThat(reply.status())
                        .as("the repository read fixed the request's connection on the replica (open-in-view holds it), "
                                + "so the write went there and the replica refused it")
                        .isEqualTo(500);
                assertThat(onPrimary).isEmpty();
            }
            case STARTER -> {
                long id = reply.expect(200).get("id").asLong();
                assertThat(DB.noteTitles(id).get("primary")).containsExactly(title);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("setups")
    void aGetRightAfterAPostSeesTheWriteWhileTheReplicasReplayNothing(Setup setup) {
        String title = "fresh " + setup + " " + System.nanoTime();
        HttpJson client = client(setup);
        DB.notes.replicas().forEach(DB.notes::pauseReplay);
        try {
            HttpJson.Reply created = client.post("/notes", "{\"title\":\"" + title + "\"}");
            long id = created.expect(201).get("id").asLong();
            HttpJson.Reply read = client.get("/notes/" + id);

            Map<String, List<String>> rows = DB.noteTitles(id);
            assertThat(rows.get("primary")).containsExactly(title);
            assertThat(rows.get("replica-1")).isEmpty();
            switch (setup) {
                case RECIPE -> assertThat(read.status())
                        .as("the recipe sent Spring Data's read-only findById to the replica, which has not replayed "
                                + "the write: a stale read (404)")
                        .isEqualTo(404);
                case STARTER -> {
                    assertThat(created.headers().allValues("set-cookie")).as("the read-your-writes cookie")
                            .anySatisfy(c -> assertThat(c).startsWith("bindery-ryw="));
                    assertThat(read.expect(200).get("title").asText())
                            .as("read-your-writes: the primary served the read no replica could").isEqualTo(title);
                }
            }
        } finally {
            DB.notes.replicas().forEach(DB.notes::resumeReplay);
        }
    }

    @ParameterizedTest
    @MethodSource("setups")
    void workHandedToAnAsyncExecutorKeepsTheNodeItWasPinnedTo(Setup setup) {
        int port = client(setup).get("/probe/async-pinned").expect(200).get("port").asInt();

        switch (setup) {
            case RECIPE -> assertThat(port)
                    .as("the recipe's thread-local key stayed on the request thread: the @Async work ran on the primary")
                    .isEqualTo(primaryPort());
            case STARTER -> assertThat(port).as("the task decorator carried @UseBind into the executor")
                    .isEqualTo(DB.notes.replica(1).port());
        }
    }

    @ParameterizedTest
    @MethodSource("setups")
    void everyPoolHasMetricsAndAStoppedReplicaIsRoutedAround(Setup setup) {
        awaitAllServing();                                     // the starter's replicas, after earlier stops
        HttpJson client = client(setup);
        for (int i = 0; i < 4; i++) {
            client.get("/probe/read-only").expect(200);      // pools start on first use: reach every replica's
        }
        List<String> pools = tagValues(client.get("/actuator/metrics/hikaricp.connections").expect(200), "pool");
        Node replica = DB.notes.replica(1);
        DB.notes.stop(replica);
        try {
            JsonNode health = client.get("/actuator/health").body();
            HttpJson.Reply read = client.get("/probe/read-only");
            switch (setup) {
                case RECIPE -> {
                    assertThat(pools).as("the recipe's replica pool is not a bean: it has no metrics")
                            .containsExactly("recipe-primary");
                    assertThat(read.status()).as("every read-only transaction fails, no fallback to the live primary")
                            .isEqualTo(500);
                    assertThat(health.at("/components/db/components/replica/status").asText()).isEqualTo("DOWN");
                    assertThat(health.get("status").asText())
                            .as("Spring Boot checks each routing target, and one stopped replica takes the whole "
                                    + "application DOWN, though its primary serves: " + health)
                            .isEqualTo("DOWN");
                }
                case STARTER -> {
                    assertThat(pools).as("HikariCP meters for every started bind's pool")
                            .contains("bindery-default", "bindery-replica-1", "bindery-replica-2", "bindery-audit");
                    assertThat(read.expect(200).get("port").asInt()).as("read-only work goes to a live node")
                            .isIn(primaryPort(), DB.notes.replica(2).port());
                    JsonNode stopped = awaitBindHealth(client, "replica-1", h -> !h.at("/details/serving").asBoolean(true));
                    assertThat(stopped.at("/details/state").asText()).isNotEqualTo("UP");
                    assertThat(client.get("/actuator/health").body().get("status").asText())
                            .as("its group still serves: the application stays UP").isEqualTo("UP");
                }
            }
        } finally {
            DB.notes.start(replica);
            DB.notes.awaitCaughtUp(replica, java.time.Duration.ofSeconds(30));
        }
    }

    @ParameterizedTest
    @MethodSource("setups")
    void aSwitchAskedForInsideATransactionIsRefusedNotIgnored(Setup setup) {
        JsonNode reply = client(setup).get("/probe/switch-inside-transaction").expect(200);

        assertThat(reply.get("before").asInt()).isEqualTo(primaryPort());
        switch (setup) {
            case RECIPE -> {
                assertThat(reply.has("refused")).isFalse();
                assertThat(reply.get("after").asInt())
                        .as("the recipe ignored the switch to the replica silently: still the primary")
                        .isEqualTo(primaryPort());
            }
            case STARTER -> {
                assertThat(reply.get("refused").asText()).isEqualTo("BindSwitchException");
                assertThat(reply.has("after")).isFalse();
            }
        }
    }

    /**
     * Polls {@code /actuator/health} until the health of bind {@code key} (an object named after it, with a
     * {@code details.role}) satisfies {@code until}, and returns it; fails after 15 s.
     */
    static JsonNode awaitBindHealth(HttpJson client, String key, java.util.function.Predicate<JsonNode> until) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(15);
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            JsonNode health = client.get("/actuator/health").body();
            last = bindHealth(health, key);
            if (last != null && until.test(last)) {
                return last;
            }
            sleep(100);
        }
        throw new AssertionError("the health of bind " + key + " never reached the expected state; last: " + last);
    }

    /** The health of bind {@code key} in a health tree, or {@code null}. */
    static JsonNode bindHealth(JsonNode node, String key) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode own = node.get(key);
        if (own != null && own.has("details") && own.get("details").has("role")) {
            return own;
        }
        for (JsonNode child : node) {
            JsonNode found = bindHealth(child, key);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> tagValues(JsonNode metric, String tag) {
        List<String> values = new ArrayList<>();
        for (JsonNode t : metric.get("availableTags")) {
            if (tag.equals(t.get("tag").asText())) {
                t.get("values").forEach(v -> values.add(v.asText()));
            }
        }
        return values;
    }
}
