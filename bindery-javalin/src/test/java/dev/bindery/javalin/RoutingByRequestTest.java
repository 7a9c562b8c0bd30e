package dev.bindery.javalin;

import dev.bindery.servlet.Note;
import dev.bindery.servlet.TestDatabase;
import dev.bindery.spi.Role;
import dev.bindery.spi.RouteReason;
import dev.bindery.spi.Route;
import dev.bindery.servlet.RequestTarget;
import io.javalin.http.Context;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GET, HEAD and OPTIONS open read-only sessions (replicas), other methods read-write ones (the primary); routes can
 * override it; a resolver picks a bind or region from the request. Asserted through X-Bind and the sessions' routes.
 */
class RoutingByRequestTest {
    private final TestDatabase data = TestDatabase.create("routing");
    private final Map<String, List<Route>> routesByRequest = new ConcurrentHashMap<>();
    private final Map<String, String> regionByRequest = new ConcurrentHashMap<>();
    private TestServer server;

    @BeforeEach
    void start() {
        data.insert("seed");
        server = new TestServer(cfg -> {
            cfg.registerPlugin(new BinderyPlugin(p -> p.session(data.db).bindHeader("X-Bind").readYourWrites(false)
                    .resolver(ctx -> ctx.header("X-Region") != null ? RequestTarget.region(ctx.header("X-Region"))
                            : ctx.pathParamMap().containsKey("bind") ? RequestTarget.bind(ctx.pathParam("bind"))
                            : RequestTarget.bind(ctx.header("X-Use-Bind")))));
            cfg.routes.get("/notes", this::list);
            cfg.routes.post("/notes", this::create);
            cfg.routes.head("/notes", this::list);
            cfg.routes.options("/notes", this::list);
            cfg.routes.put("/notes", this::create);
            cfg.routes.post("/search", Bindery.readOnly(this::list));
            cfg.routes.post("/search-that-writes", Bindery.readOnly(this::create));
            cfg.routes.get("/touch", Bindery.readWrite(this::create));
            cfg.routes.get("/touch-by-role", this::create, RequestIntent.READ_WRITE);
            cfg.routes.get("/binds/{bind}/notes", this::list);
        });
    }

    @AfterEach
    void stop() {
        server.close();
        data.close();
    }

    private void list(Context ctx) {
        List<Note> notes = Bindery.session(ctx).createSelectionQuery("from Note order by id", Note.class).getResultList();
        record(ctx);
        ctx.result(String.valueOf(notes.size()));
    }

    private void create(Context ctx) {
        Bindery.session(ctx).persist(new Note(ctx.header("X-Request")));
        Bindery.session(ctx).flush();
        record(ctx);
        ctx.status(201);
    }

    private void record(Context ctx) {
        routesByRequest.put(ctx.header("X-Request"), Bindery.routes(ctx));
        String region = Bindery.session(ctx).options().region();
        if (region != null) {
            regionByRequest.put(ctx.header("X-Request"), region);
        }
    }

    @Test
    void getReadsFromTheReplica() {
        HttpResponse<String> r = server.get("/notes", "X-Request", "g1");
        assertThat(r.headers().firstValue("X-Bind")).hasValue("replica");
        assertThat(routesByRequest.get("g1")).extracting(Route::role, Route::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Role.REPLICA, RouteReason.REPLICA_READ));
        assertThat(r.body()).isEqualTo("1");
    }

    @Test
    void headAndOptionsReadFromTheReplicaAndAPutWritesToThePrimary() {
        for (String method : new String[] {"HEAD", "OPTIONS", "PUT"}) {
            HttpResponse<String> r = server.send(server.request("/notes", "X-Request", method)
                    .method(method, java.net.http.HttpRequest.BodyPublishers.noBody()).build());
            assertThat(r.headers().firstValue("X-Bind")).as(method)
                    .hasValue(method.equals("PUT") ? "default" : "replica");
        }
        assertThat(routesByRequest.get("HEAD")).extracting(Route::reason).containsExactly(RouteReason.REPLICA_READ);
        assertThat(data.texts()).containsExactly("seed", "PUT");
    }

    @Test
    void postWritesToThePrimary() {
        HttpResponse<String> r = server.post("/notes", "", "X-Request", "p1");
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.headers().firstValue("X-Bind")).hasValue("default");
        assertThat(routesByRequest.get("p1")).allMatch(route -> route.role() == Role.PRIMARY)
                .anyMatch(route -> route.reason() == RouteReason.WRITE);
        assertThat(data.texts()).containsExactly("seed", "p1");
    }

    @Test
    void aPostMarkedReadOnlyReadsFromTheReplica() {
        HttpResponse<String> r = server.post("/search", "", "X-Request", "s1");
        assertThat(r.headers().firstValue("X-Bind")).hasValue("replica");
        assertThat(r.body()).isEqualTo("1");
    }

    @Test
    void aPostMarkedReadOnlyCannotWrite() {
        HttpResponse<String> r = server.post("/search-that-writes", "", "X-Request", "s2");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(data.texts()).containsExactly("seed");
    }

    @Test
    void aGetMarkedReadWriteWritesToThePrimary() {
        assertThat(server.get("/touch", "X-Request", "t1").headers().firstValue("X-Bind")).hasValue("default");
        assertThat(server.get("/touch-by-role", "X-Request", "t2").headers().firstValue("X-Bind")).hasValue("default");
        assertThat(data.texts()).containsExactly("seed", "t1", "t2");
    }

    @Test
    void theResolverPicksTheBindFromAHeader() {
        HttpResponse<String> r = server.get("/notes", "X-Request", "h1", "X-Use-Bind", "default");
        assertThat(r.headers().firstValue("X-Bind")).hasValue("default");
        assertThat(routesByRequest.get("h1")).extracting(Route::reason).containsExactly(RouteReason.EXPLICIT_BIND);
        assertThat(r.body()).isEqualTo("1");
    }

    @Test
    void theResolverPicksTheBindFromAPathParameter() {
        HttpResponse<String> r = server.get("/binds/default/notes", "X-Request", "pp1");
        assertThat(r.headers().firstValue("X-Bind")).hasValue("default");
        assertThat(routesByRequest.get("pp1")).extracting(Route::bind).containsExactly("default");
        assertThat(r.body()).isEqualTo("1");
    }

    @Test
    void anUnknownBindInThePathAnswers404AsJsonAndWritesNothing() {
        try (TestServer byPath = new TestServer(cfg -> {
            cfg.registerPlugin(new BinderyPlugin(p -> p.session(data.db).bindHeader("X-Bind")
                    .resolver(RequestResolver.bindFromPathParam("bind"))));
            cfg.routes.get("/binds/{bind}/notes", this::list);
            cfg.routes.post("/binds/{bind}/notes", this::create);
        })) {
            HttpResponse<String> unknown = byPath.get("/binds/no-such-bind/notes", "X-Request", "u1");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("application/json"));
            assertThat(unknown.body()).isEqualTo("{\"error\":\"Not found\"}").doesNotContain("no-such-bind");
            assertThat(byPath.post("/binds/no-such-bind/notes", "", "X-Request", "u2").statusCode()).isEqualTo(404);
            HttpResponse<String> known = byPath.get("/binds/default/notes", "X-Request", "k1");
            assertThat(known.statusCode()).isEqualTo(200);
            assertThat(known.headers().firstValue("X-Bind")).hasValue("default");
        }
        assertThat(data.texts()).containsExactly("seed");
        assertThat(data.activeConnections()).isZero();
    }

    @Test
    void theResolverPassesTheRegionToTheSessions() {
        HttpResponse<String> r = server.get("/notes", "X-Request", "r1", "X-Region", "eu");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(regionByRequest).containsEntry("r1", "eu");
        assertThat(r.body()).isEqualTo("1");
    }
}
