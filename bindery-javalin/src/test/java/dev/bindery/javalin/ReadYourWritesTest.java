package dev.bindery.javalin;

import dev.bindery.spi.RouteReason;
import dev.bindery.spi.Route;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/** After a request that wrote, the same client reads from the primary until its window ends; others do not. */
class ReadYourWritesTest {
    private static final String COOKIE = "bindery-ryw";
    private final TestDatabase data = TestDatabase.create("ryw");
    private final Map<String, List<Route>> routesByRequest = new ConcurrentHashMap<>();
    private TestServer server;

    @BeforeEach
    void start() {
        server = new TestServer(cfg -> {
            cfg.registerPlugin(new BinderyPlugin(p -> p.session(data.db).bindHeader("X-Bind")
                    .readYourWritesWindow(Duration.ofMinutes(5))));
            cfg.routes.post("/notes", ctx -> {
                Bindery.session(ctx).persist(new Note(ctx.body()));
                ctx.status(201);
            });
            cfg.routes.post("/fails", ctx -> {
                Bindery.session(ctx).persist(new Note(ctx.body()));
                ctx.status(500);
            });
            cfg.routes.get("/notes", ctx -> {
                List<String> texts = Bindery.session(ctx).createSelectionQuery("select n.text from Note n order by n.id",
                        String.class).getResultList();
                routesByRequest.put(ctx.header("X-Request"), Bindery.routes(ctx));
                ctx.result(String.join(",", texts));
            });
        });
    }

    @AfterEach
    void stop() {
        server.close();
        data.close();
    }

    @Test
    void afterAWriteTheSameClientReadsItsWriteFromThePrimary() {
        HttpResponse<String> write = server.post("/notes", "mine");
        String marker = TestServer.cookie(write, COOKIE);
        assertThat(marker).startsWith("w.");
        assertThat(write.headers().allValues("Set-Cookie").get(0)).containsIgnoringCase("HttpOnly");

        HttpResponse<String> read = server.get("/notes", "X-Request", "r1", "Cookie", COOKIE + "=" + marker);
        assertThat(read.headers().firstValue("X-Bind")).hasValue("default");
        assertThat(routesByRequest.get("r1")).extracting(Route::reason).containsExactly(RouteReason.READ_YOUR_WRITES);
        assertThat(read.body()).isEqualTo("mine");
        assertThat(data.texts()).containsExactly("mine");
    }

    @Test
    void anotherClientStillReadsFromTheReplica() {
        server.post("/notes", "theirs");
        HttpResponse<String> read = server.get("/notes", "X-Request", "r2");
        assertThat(read.headers().firstValue("X-Bind")).hasValue("replica");
        assertThat(routesByRequest.get("r2")).extracting(Route::reason).containsExactly(RouteReason.REPLICA_READ);
        assertThat(read.body()).isEqualTo("theirs");
    }

    @Test
    void anExpiredMarkerReadsFromTheReplicaAgain() {
        data.insert("old");
        String expired = "w." + (System.currentTimeMillis() - 1);
        HttpResponse<String> read = server.get("/notes", "X-Request", "r3", "Cookie", COOKIE + "=" + expired);
        assertThat(read.headers().firstValue("X-Bind")).hasValue("replica");
        assertThat(read.body()).isEqualTo("old");
    }

    @Test
    void readsAndRolledBackWritesSetNoMarker() {
        assertThat(TestServer.cookie(server.get("/notes", "X-Request", "r4"), COOKIE)).isNull();
        HttpResponse<String> failed = server.post("/fails", "lost");
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(TestServer.cookie(failed, COOKIE)).isNull();
        assertThat(data.texts()).isEmpty();
    }
}
