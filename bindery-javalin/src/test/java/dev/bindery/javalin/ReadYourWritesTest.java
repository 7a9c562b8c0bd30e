package dev.bindery.javalin;

import dev.bindery.servlet.Note;
import dev.bindery.servlet.TestDatabase;
import dev.bindery.spi.RouteReason;
import dev.bindery.spi.Route;
import dev.bindery.status.TokenRejection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After a request that wrote, the same client reads from the primary until its window ends; others do not. The window
 * is signed: a forged or edited one, or one longer than the configured window, is ignored and counted.
 */
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
        String expired = "w." + data.binds.tokens().signWindow(System.currentTimeMillis() - 1);
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

    private HttpResponse<String> readWith(String request, String marker) {
        return server.get("/notes", "X-Request", request, "Cookie", COOKIE + "=" + marker);
    }

    @Test
    void aForgedWindowUntilTheYear2200IsIgnoredAndCounted() {
        HttpResponse<String> read = readWith("y2200", "w.7258118400000");
        assertThat(read.headers().firstValue("X-Bind")).hasValue("replica");
        assertThat(routesByRequest.get("y2200")).extracting(Route::reason).containsExactly(RouteReason.REPLICA_READ);
        assertThat(data.binds.tokens().ignored()).containsEntry(TokenRejection.MALFORMED, 1L);
    }

    @Test
    void anIssuedWindowEditedToAnHourLaterIsIgnored() {
        String marker = TestServer.cookie(server.post("/notes", "mine"), COOKIE);
        assertThat(marker).matches("w\\.[0-9]+![A-Za-z0-9_-]{22}");
        long until = Long.parseLong(marker.substring(2, marker.indexOf('!')));
        String edited = "w." + (until + 3_600_000) + marker.substring(marker.indexOf('!'));
        assertThat(readWith("edited", edited).headers().firstValue("X-Bind")).hasValue("replica");
        assertThat(data.binds.tokens().ignored()).containsEntry(TokenRejection.BAD_SIGNATURE, 1L);
        assertThat(readWith("issued", marker).headers().firstValue("X-Bind")).as("the issued one still holds").hasValue("default");
    }

    @Test
    void aSignedWindowLongerThanTheConfiguredWindowIsIgnored() {
        String tooLong = "w." + data.binds.tokens().signWindow(System.currentTimeMillis() + Duration.ofHours(1).toMillis());
        assertThat(readWith("long", tooLong).headers().firstValue("X-Bind")).hasValue("replica");
        assertThat(data.binds.tokens().ignored()).containsEntry(TokenRejection.WINDOW_TOO_LONG, 1L);
    }

    @Test
    void theCookieIsHttpOnlyAndSameSiteLaxAndOverPlainHttpSecureOnlyWhenConfigured() {
        String setCookie = server.post("/notes", "plain").headers().allValues("Set-Cookie").get(0);
        assertThat(setCookie).contains("HttpOnly", "SameSite=Lax", "Path=/").doesNotContain("Secure");
        try (TestServer secure = new TestServer(cfg -> {
            cfg.registerPlugin(new BinderyPlugin(p -> p.session(data.db).readYourWritesCookieSecure(true)));
            cfg.routes.post("/notes", ctx -> Bindery.session(ctx).persist(new Note(ctx.body())));
        })) {
            assertThat(secure.post("/notes", "secure").headers().allValues("Set-Cookie").get(0))
                    .contains("HttpOnly", "SameSite=Lax", "; Secure");
        }
    }
}
