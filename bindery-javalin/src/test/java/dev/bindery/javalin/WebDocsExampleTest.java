package dev.bindery.javalin;

import dev.bindery.servlet.Note;
import dev.bindery.servlet.TestDatabase;
import dev.bindery.Binds;
import dev.bindery.hibernate.Database;
import dev.bindery.servlet.RequestTarget;
import dev.bindery.servlet.SessionAvailability;
import dev.bindery.hibernate.RoutingSession;
import io.javalin.Javalin;
import io.javalin.http.Handler;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web examples of docs/web.md and README.md, compiled and run. Each {@code tag::} region is shown verbatim in the
 * docs (DocSnippetsAreCompiledTest in bindery-it checks it), so change a region and its doc block together.
 */
class WebDocsExampleTest {

    @Test
    void theQuickStartRoutesGetsToTheReplicaAndPostsToThePrimary() throws Exception {
        // tag::quick-start[]
        Binds binds = Binds.builder()
                .bind(Binds.DEFAULT, "jdbc:h2:mem:app;DB_CLOSE_DELAY=-1")
                .bind("replica", b -> b.url("jdbc:h2:mem:app;DB_CLOSE_DELAY=-1").replicaOf(Binds.DEFAULT))
                .build();
        Database db = Database.builder(binds).entities(Todo.class).build();
        db.createAll();

        Javalin app = Javalin.create(cfg -> {
            cfg.registerPlugin(new BinderyPlugin(p -> p.session(db).bindHeader("X-Bind")));
            cfg.routes.get("/todos", ctx -> ctx.json(Bindery.session(ctx)          // GET: a read-only session -> replica
                    .createSelectionQuery("from Todo order by id", Todo.class).getResultList()));
            cfg.routes.post("/todos", ctx -> {
                Bindery.session(ctx).persist(new Todo(ctx.body()));                  // POST: read-write -> primary
                ctx.status(201);
            });                                                                      // committed after the handler returns
        });
        // end::quick-start[]
        app.start(0);

        try {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://localhost:" + app.port() + "/todos";
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base))
                    .POST(HttpRequest.BodyPublishers.ofString("write docs")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(201);
            assertThat(post.headers().firstValue("X-Bind")).hasValue("default");
            String marker = TestServer.cookie(post, "bindery-ryw");
            assertThat(marker).isNotNull();

            HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(base)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(get.headers().firstValue("X-Bind")).hasValue("replica");
            assertThat(get.body()).contains("\"title\":\"write docs\"");
            HttpResponse<String> own = http.send(HttpRequest.newBuilder(URI.create(base))
                    .header("Cookie", "bindery-ryw=" + marker).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(own.headers().firstValue("X-Bind")).hasValue("default");
        } finally {
            app.stop();
            db.close();
            binds.close();
        }
    }

    @Test
    void theReadmeExampleOpensPerRequestAndOnDemandSessions() throws Exception {
        String url = "jdbc:h2:mem:readme-web;DB_CLOSE_DELAY=-1";
        Binds binds = Binds.builder()
                .bind(Binds.DEFAULT, url)
                .bind("replica", b -> b.url(url).replicaOf(Binds.DEFAULT))
                .build();
        Database db = Database.builder(binds).entities(Todo.class).build();
        db.createAll();
        Binds analyticsBinds = Binds.builder().bind(Binds.DEFAULT, "jdbc:h2:mem:readme-analytics;DB_CLOSE_DELAY=-1").build();
        Database analyticsDb = Database.builder(analyticsBinds).entities(Todo.class).build();
        analyticsDb.createAll();

        // tag::readme[]
        Javalin app = Javalin.create(cfg -> {
            cfg.registerPlugin(new BinderyPlugin(p -> {
                p.session(db);                                              // key "db": a session per request, opened lazily
                p.session("analytics", analyticsDb, SessionAvailability.ON_DEMAND); // only in handlers wrapped by withSession
            }));
            cfg.routes.get("/todos", ctx -> ctx.json(Bindery.session(ctx)  // GET: read-only session -> a replica
                    .createSelectionQuery("from Todo", Todo.class).getResultList()));
            cfg.routes.post("/todos", ctx -> Bindery.session(ctx).persist(new Todo(ctx.body())));  // -> the primary
            cfg.routes.get("/report", Bindery.withSession("analytics", ctx -> ctx.json(Bindery.session(ctx, "analytics")
                    .createSelectionQuery("select count(t) from Todo t", Long.class).getSingleResult())));
        });
        // end::readme[]
        app.start(0);

        try {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://localhost:" + app.port();
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base + "/todos"))
                    .POST(HttpRequest.BodyPublishers.ofString("write docs")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(200);
            assertThat(binds.status(Binds.DEFAULT).writes()).isEqualTo(1);

            HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(base + "/todos")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(get.body()).contains("\"title\":\"write docs\"");
            assertThat(binds.status("replica").reads()).isEqualTo(1);

            HttpResponse<String> report = http.send(HttpRequest.newBuilder(URI.create(base + "/report")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(report.body()).isEqualTo("0");                  // the analytics database has no todos
            assertThat(analyticsBinds.status(Binds.DEFAULT).reads()).isEqualTo(1);
        } finally {
            app.stop();
            analyticsDb.close();
            analyticsBinds.close();
            db.close();
            binds.close();
        }
    }

    @Test
    void keysArePerRequestOrOnDemandAndAHandlerReachesEachKeysSession() {
        try (TestDatabase main = TestDatabase.create("docs-main"); TestDatabase auth = TestDatabase.create("docs-auth");
             TestDatabase analytics = TestDatabase.create("docs-analytics")) {
            Database mainDb = main.db;
            Database authDb = auth.db;
            Database analyticsDb = analytics.db;
            analytics.insert("one", "two");
            // tag::keys-and-modes[]
            Javalin app = Javalin.create(cfg -> {
                cfg.registerPlugin(new BinderyPlugin(p -> {
                    p.session(mainDb);                                          // key "db", per request
                    p.session("auth", authDb);                                  // key "auth", per request
                    p.session("analytics", analyticsDb, SessionAvailability.ON_DEMAND); // only in handlers wrapped by withSession
                }));
                cfg.routes.get("/report", Bindery.withSession("analytics", ctx -> {   // like sa_decorator("analytics")
                    RoutingSession db = Bindery.session(ctx);                           // key "db"
                    RoutingSession analyticsSession = Bindery.session(ctx, "analytics");
                    ctx.result(db.createSelectionQuery("select count(n) from Note n", Long.class).getSingleResult() + " notes, "
                            + analyticsSession.createSelectionQuery("select count(n) from Note n", Long.class).getSingleResult()
                            + " in analytics");
                }));
                cfg.routes.get("/plain", ctx -> ctx.result(String.valueOf(Bindery.isOpen(ctx, "analytics"))));  // false
            });
            // end::keys-and-modes[]
            app.start(0);
            try (TestClient http = new TestClient(app.port())) {
                assertThat(http.get("/report").body()).isEqualTo("0 notes, 2 in analytics");
                assertThat(http.get("/plain").body()).isEqualTo("false");
                assertThat(main.activeConnections() + auth.activeConnections() + analytics.activeConnections()).isZero();
            } finally {
                app.stop();
            }
        }
    }

    @Test
    void aRouteCanOverrideTheSessionKindOfItsMethod() {
        try (TestDatabase data = TestDatabase.create("docs-override")) {
            Handler handler = ctx -> {
                RoutingSession s = Bindery.session(ctx);
                s.persist(new Note(ctx.path()));
                ctx.result(String.valueOf(s.isReadOnly()));
            };
            Javalin app = Javalin.create(cfg -> {
                cfg.registerPlugin(new BinderyPlugin(p -> p.session(data.db)));
                // tag::per-route-override[]
                cfg.routes.get("/touch", Bindery.readWrite(handler));
                cfg.routes.get("/touch-too", handler, RequestIntent.READ_WRITE);   // the same, as a route role
                cfg.routes.post("/search", Bindery.readOnly(handler));
                // end::per-route-override[]
            }).start(0);
            try (TestClient http = new TestClient(app.port())) {
                assertThat(http.get("/touch").body()).isEqualTo("false");
                assertThat(http.get("/touch-too").body()).isEqualTo("false");
                assertThat(http.post("/search", "").statusCode()).isEqualTo(500);   // a write in a read-only session
                assertThat(data.texts()).containsExactly("/touch", "/touch-too");
            } finally {
                app.stop();
            }
        }
    }

    /** The resolvers of docs/web.md, side by side: compiled, never called (each call replaces the previous one). */
    static void resolvers(BinderyPlugin.Config p) {
        // tag::resolvers[]
        p.resolver(RequestResolver.regionFromHeader("X-Region"));
        p.resolver(RequestResolver.bindFromPathParam("shard"));                      // /shards/{shard}/orders
        p.resolver(RequestResolver.regionOfTenant(ctx -> ctx.attribute("tenant"),   // set by your auth before-handler
                Map.of("acme", "eu", "globex", "us")));
        p.resolver(ctx -> RequestTarget.bind(ctx.header("X-Shard")));                // or your own
        // end::resolvers[]
    }

    /** A small HTTP client for one app. */
    private static final class TestClient implements AutoCloseable {
        private final HttpClient http = HttpClient.newHttpClient();
        private final String base;

        TestClient(int port) {
            this.base = "http://localhost:" + port;
        }

        HttpResponse<String> get(String path) {
            return send(HttpRequest.newBuilder(URI.create(base + path)).build());
        }

        HttpResponse<String> post(String path, String body) {
            return send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofString(body)).build());
        }

        private HttpResponse<String> send(HttpRequest request) {
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
        }
    }
}
