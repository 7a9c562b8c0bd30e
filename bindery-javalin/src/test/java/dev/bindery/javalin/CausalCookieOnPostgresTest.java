package dev.bindery.javalin;

import dev.bindery.servlet.Note;
import dev.bindery.spi.Role;
import dev.bindery.spi.RouteReason;
import dev.bindery.spi.Route;
import dev.bindery.Binds;
import dev.bindery.status.BindStatus;
import dev.bindery.status.TokenRejection;
import org.slf4j.LoggerFactory;
import dev.bindery.hibernate.Database;
import dev.bindery.test.ReplicatedDatabase;
import dev.bindery.test.Node;
import dev.bindery.test.PostgresReplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On a real replicated PostgreSQL, the read-your-writes cookie carries a signed causal token: the client's next GET
 * sees its write even while every replica's replay is paused, and a client without the cookie does not. Forged or
 * edited cookies are ignored (their reads stay on the replicas, with no position query and no wait) and counted; keys
 * rotate without invalidating the cookies clients hold.
 */
@PostgresReplication(replicas = 2)
class CausalCookieOnPostgresTest {
    private static final String COOKIE = "bindery-ryw";
    private static Binds binds;
    private static Database db;
    private static TestServer server;
    private static final Map<String, List<Route>> routesByRequest = new ConcurrentHashMap<>();

    private static final String KEY_1 = "key-1-0123456789abcdef0123456789abcdef";
    private static final String KEY_2 = "key-2-0123456789abcdef0123456789abcdef";
    private static final String KEY_3 = "key-3-0123456789abcdef0123456789abcdef";

    @BeforeAll
    static void start(ReplicatedDatabase cluster) {
        binds = binds(cluster, KEY_1);
        db = Database.builder(binds).entities(Note.class).build();
        db.createAll();
        cluster.awaitCaughtUp(Duration.ofSeconds(30));
        server = server(db);
    }

    /** Binds over the cluster that sign with {@code keys}; reads with a token may wait up to 1 s for a replica. */
    private static Binds binds(ReplicatedDatabase cluster, String... keys) {
        Binds.Builder b = Binds.builder().tokenKeys(keys);
        for (Node node : cluster.nodes()) {
            String key = node.isPrimary() ? Binds.DEFAULT : node.name();
            b.bind(key, o -> {
                o.url(cluster.jdbcUrl(node)).poolSize(4);
                if (node.isPrimary()) {
                    o.causalWait(Duration.ofSeconds(1)).healthCheckInterval(Duration.ofMillis(200));
                } else {
                    o.replicaOf(Binds.DEFAULT);
                }
            });
        }
        return b.build();
    }

    private static TestServer server(Database db) {
        return new TestServer(cfg -> {
            cfg.registerPlugin(new BinderyPlugin(p -> p.session(db).bindHeader("X-Bind")));
            cfg.routes.post("/notes", ctx -> {
                Bindery.session(ctx).persist(new Note(ctx.body()));
                ctx.status(201);
            });
            cfg.routes.get("/notes", ctx -> {
                List<String> texts = Bindery.session(ctx).createSelectionQuery("select n.text from Note n order by n.id",
                        String.class).getResultList();
                routesByRequest.put(ctx.header("X-Request"), Bindery.routes(ctx));
                ctx.result(String.join(",", texts));
            });
        });
    }

    @AfterAll
    static void stop() {
        server.close();
        db.close();
        binds.close();
    }

    @AfterEach
    void heal(ReplicatedDatabase cluster) {
        cluster.heal();
    }

    @Test
    void theNextGetOfTheWritingClientSeesItsWriteWhileReplayIsPaused(ReplicatedDatabase cluster) {
        for (Node replica : cluster.replicas()) {
            cluster.pauseReplay(replica);
        }
        HttpResponse<String> write = server.post("/notes", "mine");
        String marker = TestServer.cookie(write, COOKIE);
        assertThat(marker).startsWith("t.default~");

        HttpResponse<String> mine = server.get("/notes", "X-Request", "with-token", "Cookie", COOKIE + "=" + marker);
        assertThat(mine.body()).isEqualTo("mine");
        assertThat(mine.headers().firstValue("X-Bind")).hasValue("default");
        assertThat(routesByRequest.get("with-token")).extracting(Route::reason).containsExactly(RouteReason.CAUSAL_TOKEN);

        HttpResponse<String> other = server.get("/notes", "X-Request", "without");
        assertThat(other.body()).as("another client reads a paused replica: stale").isEmpty();
        assertThat(other.headers().firstValue("X-Bind").orElseThrow()).startsWith("replica-");

        for (Node replica : cluster.replicas()) {
            cluster.resumeReplay(replica);
        }
        cluster.awaitCaughtUp(Duration.ofSeconds(30));
        HttpResponse<String> later = server.get("/notes", "X-Request", "caught-up", "Cookie", COOKIE + "=" + marker);
        assertThat(later.body()).isEqualTo("mine");
        assertThat(later.headers().firstValue("X-Bind").orElseThrow()).as("a replica past the token serves it").startsWith("replica-");
    }

    private static long positionQueries() {
        return binds.status().stream().mapToLong(BindStatus::positionQueries).sum();
    }

    private static long replicaReads() {
        return binds.status().stream().filter(s -> s.role() == Role.REPLICA).mapToLong(BindStatus::reads).sum();
    }

    @Test
    void forgedAndEditedCookiesAreIgnoredReadOnReplicasAndCostNoPositionQueryNorWait(ReplicatedDatabase cluster) {
        HttpResponse<String> write = server.post("/notes", "forged-test");
        String issued = TestServer.cookie(write, COOKIE);
        assertThat(issued).matches("t\\.default~[0-9A-F]+![A-Za-z0-9_-]{22}");
        String signature = issued.substring(issued.indexOf('!'));
        long issuedWindowEnd = System.currentTimeMillis() + 5_000;
        String[] forged = {
                "t.default~7FFFFFFFFFFFFFFF",                         // unsigned, far ahead
                "t.default~7FFFFFFFFFFFFFFF" + signature,             // a real signature on another position
                issued.substring(0, issued.length() - 3) + (issued.endsWith("xyz") ? "abc" : "xyz"),   // altered signature
                "w.7258118400000",                                    // a window until the year 2200, unsigned
                "w." + (issuedWindowEnd + 3_600_000) + signature,     // a window edited to +1 h
        };
        cluster.awaitCaughtUp(Duration.ofSeconds(30));
        binds.checkNow(Binds.DEFAULT);
        Map<TokenRejection, Long> ignoredBefore = binds.tokens().ignored();
        long queriesBefore = positionQueries();
        long replicaReadsBefore = replicaReads();
        long primaryReadsBefore = binds.status(Binds.DEFAULT).reads();
        long waitsBefore = binds.status(Binds.DEFAULT).tokenWaits();
        long started = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            for (String value : forged) {
                HttpResponse<String> r = server.get("/notes", "X-Request", "forged", "Cookie", COOKIE + "=" + value);
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().firstValue("X-Bind").orElseThrow()).as("cookie %s", value).startsWith("replica-");
                assertThat(routesByRequest.get("forged")).extracting(Route::reason).containsExactly(RouteReason.REPLICA_READ);
            }
        }
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        Map<TokenRejection, Long> ignored = binds.tokens().ignored();
        LoggerFactory.getLogger(CausalCookieOnPostgresTest.class).info("100 forged cookies in {} ms (causalWait 1 s): "
                        + "replica reads +{}, primary reads +{}, position queries +{}, ignored {}", elapsedMs,
                replicaReads() - replicaReadsBefore, binds.status(Binds.DEFAULT).reads() - primaryReadsBefore,
                positionQueries() - queriesBefore, ignored);
        assertThat(replicaReads() - replicaReadsBefore).isEqualTo(100);
        assertThat(binds.status(Binds.DEFAULT).reads()).as("no read on the primary").isEqualTo(primaryReadsBefore);
        assertThat(positionQueries()).as("no position query").isEqualTo(queriesBefore);
        assertThat(binds.status(Binds.DEFAULT).tokenWaits()).as("no read waited for causalWait").isEqualTo(waitsBefore);
        assertThat(ignored.get(TokenRejection.MALFORMED) - ignoredBefore.get(TokenRejection.MALFORMED)).isEqualTo(40);
        assertThat(ignored.get(TokenRejection.BAD_SIGNATURE) - ignoredBefore.get(TokenRejection.BAD_SIGNATURE)).isEqualTo(60);

        HttpResponse<String> honest = server.get("/notes", "X-Request", "honest", "Cookie", COOKIE + "=" + issued);
        assertThat(honest.body()).contains("forged-test");
        assertThat(routesByRequest.get("honest")).extracting(Route::reason).as("the issued cookie is still honoured")
                .containsAnyOf(RouteReason.REPLICA_READ, RouteReason.CAUSAL_TOKEN);
        assertThat(binds.tokens().ignored()).isEqualTo(ignored);
    }

    @Test
    void aCookieSignedWithTheOldKeyStillVerifiesAfterRotationAndNoLongerOnceTheKeyIsRemoved(ReplicatedDatabase cluster) {
        for (Node replica : cluster.replicas()) {
            cluster.pauseReplay(replica);   // only a verified token sends the read to the primary, where the write is
        }
        String cookie = TestServer.cookie(server.post("/notes", "rotation"), COOKIE);
        try (Binds rotatedBinds = binds(cluster, KEY_2, KEY_1); Database rotatedDb = Database.builder(rotatedBinds).entities(Note.class).build();
             TestServer rotated = server(rotatedDb)) {
            HttpResponse<String> r = rotated.get("/notes", "X-Request", "rotated", "Cookie", COOKIE + "=" + cookie);
            assertThat(r.body()).contains("rotation");
            assertThat(r.headers().firstValue("X-Bind")).hasValue("default");
            assertThat(routesByRequest.get("rotated")).extracting(Route::reason).containsExactly(RouteReason.CAUSAL_TOKEN);
            assertThat(rotatedBinds.tokens().ignored().values()).allMatch(n -> n == 0);
            String reissued = TestServer.cookie(rotated.post("/notes", "after-rotation"), COOKIE);
            assertThat(reissued.substring(reissued.indexOf('!'))).as("the new first key signs")
                    .isNotEqualTo(cookie.substring(cookie.indexOf('!')));
        }
        try (Binds removedBinds = binds(cluster, KEY_2, KEY_3); Database removedDb = Database.builder(removedBinds).entities(Note.class).build();
             TestServer removed = server(removedDb)) {
            HttpResponse<String> r = removed.get("/notes", "X-Request", "removed", "Cookie", COOKIE + "=" + cookie);
            assertThat(r.headers().firstValue("X-Bind").orElseThrow()).as("ignored: a paused replica serves").startsWith("replica-");
            assertThat(r.body()).doesNotContain("rotation");
            assertThat(removedBinds.tokens().ignored()).containsEntry(TokenRejection.BAD_SIGNATURE, 1L);
        }
    }
}
