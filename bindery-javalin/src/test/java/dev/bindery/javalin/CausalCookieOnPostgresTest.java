package dev.bindery.javalin;

import dev.bindery.spi.RouteReason;
import dev.bindery.spi.Route;
import dev.bindery.Binds;
import dev.bindery.hibernate.Database;
import dev.bindery.test.Cluster;
import dev.bindery.test.Node;
import dev.bindery.test.PostgresCluster;
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
 * On a real replicated PostgreSQL, the read-your-writes cookie carries a causal token: the client's next GET sees its
 * write even while every replica's replay is paused, and a client without the cookie does not.
 */
@PostgresCluster(replicas = 2)
class CausalCookieOnPostgresTest {
    private static final String COOKIE = "bindery-ryw";
    private static Binds binds;
    private static Database db;
    private static TestServer server;
    private static final Map<String, List<Route>> routesByRequest = new ConcurrentHashMap<>();

    @BeforeAll
    static void start(Cluster cluster) {
        binds = cluster.binds();
        db = Database.builder(binds).entities(Note.class).build();
        db.createAll();
        cluster.awaitCaughtUp(Duration.ofSeconds(30));
        server = new TestServer(cfg -> {
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
    void heal(Cluster cluster) {
        cluster.heal();
    }

    @Test
    void theNextGetOfTheWritingClientSeesItsWriteWhileReplayIsPaused(Cluster cluster) {
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
}
