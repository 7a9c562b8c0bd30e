package dev.bindery.javalin;

import dev.bindery.servlet.Note;
import dev.bindery.servlet.TestDatabase;
import dev.bindery.spi.Route;
import dev.bindery.servlet.SessionAvailability;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bindery.BindContext;
import dev.bindery.hibernate.RoutingSession;
import io.javalin.http.Context;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 2,000 concurrent requests on Javalin's virtual-thread mode (platform threads on a JDK without them), mixing keys,
 * methods and resolver values. Every request checks what it saw against what it should have seen; the database and
 * the pools are checked at the end.
 */
class ConcurrentRequestsTest {
    private static final int REQUESTS = 2_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The kinds of request, each with the binds its sessions must use. */
    enum Kind {
        READ("GET", "", List.of("replica"), null),
        READ_PINNED("GET", "", List.of("default"), null),
        READ_OWN_WRITES("GET", "", List.of("default"), null),
        WRITE("POST", "", List.of("default"), null),
        WRITE_BOTH("POST", "/audit", List.of("default"), List.of("default")),
        FAIL("POST", "/fail", List.of("default"), null);

        final String method;
        final String suffix;
        final List<String> dbBinds;
        final List<String> auditBinds;

        Kind(String method, String suffix, List<String> dbBinds, List<String> auditBinds) {
            this.method = method;
            this.suffix = suffix;
            this.dbBinds = dbBinds;
            this.auditBinds = auditBinds;
        }
    }

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final Set<String> serverThreads = ConcurrentHashMap.newKeySet();

    @Test
    void everyRequestSeesOnlyItsOwnSessionsAndEveryConnectionComesBack() throws Exception {
        try (TestDatabase main = TestDatabase.create("stress-main", 8);
             TestDatabase audit = TestDatabase.create("stress-audit", 4);
             TestServer server = new TestServer(cfg -> {
                 cfg.concurrency.useVirtualThreads = true;
                 cfg.jetty.addConnector((jetty, http) -> {     // room for 2,000 connections arriving at once
                     ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
                     connector.setPort(0);
                     connector.setAcceptQueueSize(REQUESTS);
                     return connector;
                 });
                 cfg.registerPlugin(new BinderyPlugin(p -> p.session(main.db)
                         .session("audit", audit.db, SessionAvailability.ON_DEMAND)
                         .resolver(RequestResolver.bindFromHeader("X-Use-Bind"))
                         .bindHeader("X-Bind").readYourWritesWindow(java.time.Duration.ofMinutes(10))));
                 cfg.routes.get("/s/{n}", ctx -> handle(ctx, false, false));
                 cfg.routes.post("/s/{n}", ctx -> handle(ctx, true, false));
                 cfg.routes.post("/s/{n}/audit", Bindery.withSession("audit", ctx -> handle(ctx, true, true)));
                 cfg.routes.post("/s/{n}/fail", ctx -> {
                     handle(ctx, true, false);
                     ctx.status(500);
                 });
             })) {
            Kind[] kinds = new Kind[REQUESTS];
            for (int i = 0; i < REQUESTS; i++) {
                kinds[i] = Kind.values()[(i * 7 + i / 6) % Kind.values().length];
            }
            String marker = "w." + main.db.binds().tokens().signWindow(System.currentTimeMillis() + 600_000);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> results = new ArrayList<>();
            long started;
            try (ClientThreads threads = ClientThreads.open()) {
                for (int i = 0; i < REQUESTS; i++) {
                    int n = i;
                    results.add(threads.executor.submit(() -> {
                        go.await();
                        return check(server, n, kinds[n], marker);
                    }));
                }
                started = System.nanoTime();
                go.countDown();
                List<String> failures = new ArrayList<>();
                for (Future<String> f : results) {
                    String problem = f.get(5, TimeUnit.MINUTES);
                    if (problem != null) {
                        failures.add(problem);
                    }
                }
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                System.out.printf("stress: %d requests, %d failures, %d ms, client threads %s, server threads %d "
                                + "(virtual: %s), max in flight in handlers %d%n", REQUESTS, failures.size(), millis,
                        threads.kind, serverThreads.size(), serverThreads.stream().anyMatch(t -> t.startsWith("virtual")),
                        maxInFlight.get());
                assertThat(failures).isEmpty();
            }

            Set<String> expectedMain = new HashSet<>();
            Set<String> expectedAudit = new HashSet<>();
            for (int i = 0; i < REQUESTS; i++) {
                if (kinds[i] == Kind.WRITE || kinds[i] == Kind.WRITE_BOTH) {
                    expectedMain.add("req-" + i);
                }
                if (kinds[i] == Kind.WRITE_BOTH) {
                    expectedAudit.add("audit-" + i);
                }
            }
            assertThat(main.texts()).hasSameSizeAs(expectedMain).containsExactlyInAnyOrderElementsOf(expectedMain);
            assertThat(audit.texts()).containsExactlyInAnyOrderElementsOf(expectedAudit);
            assertThat(main.activeConnections()).isZero();
            assertThat(audit.activeConnections()).isZero();
        }
    }

    /** Sends request {@code n} and returns what was wrong with its answer, or null. */
    private static String check(TestServer server, int n, Kind kind, String marker) throws Exception {
        HttpRequest.Builder b = server.request("/s/" + n + kind.suffix, "X-Request", String.valueOf(n));
        if (kind == Kind.READ_PINNED) {
            b.header("X-Use-Bind", "default");
        }
        if (kind == Kind.READ_OWN_WRITES) {
            b.header("Cookie", "bindery-ryw=" + marker);
        }
        b.method(kind.method, kind.method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(""));
        HttpResponse<String> r = server.client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        int expectedStatus = kind == Kind.FAIL ? 500 : 200;
        if (r.statusCode() != expectedStatus) {
            return n + " " + kind + ": status " + r.statusCode() + " " + r.body();
        }
        JsonNode body = JSON.readTree(r.body());
        Map<String, Object> seen = new LinkedHashMap<>();
        seen.put("n", body.get("n").asInt());
        seen.put("fresh", body.get("fresh").asBoolean());
        seen.put("contextEmpty", body.get("contextEmpty").asBoolean());
        seen.put("primaryReads", body.get("primaryReads").asBoolean());
        seen.put("db", JSON.convertValue(body.get("db"), List.class));
        seen.put("audit", body.get("audit").isNull() ? null : JSON.convertValue(body.get("audit"), List.class));
        Map<String, Object> expected = new HashMap<>();
        expected.put("n", n);
        expected.put("fresh", true);
        expected.put("contextEmpty", true);
        expected.put("primaryReads", kind == Kind.READ_OWN_WRITES);
        expected.put("db", kind.dbBinds);
        expected.put("audit", kind.auditBinds);
        if (!expected.equals(new HashMap<>(seen))) {
            return n + " " + kind + ": expected " + expected + " but saw " + seen;
        }
        String header = r.headers().firstValue("X-Bind").orElse(null);
        if (!"default".equals(header) && !"replica".equals(header)) {
            return n + " " + kind + ": X-Bind " + header;
        }
        return null;
    }

    /** The handler of every route: records what this request sees before and after its database work. */
    private void handle(Context ctx, boolean write, boolean audit) {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        String thread = Thread.currentThread().toString();
        serverThreads.add(thread.startsWith("VirtualThread") ? "virtual-" + thread.substring(0, thread.indexOf(']') + 1)
                : Thread.currentThread().getName());
        try {
            int n = Integer.parseInt(ctx.pathParam("n"));
            boolean fresh = !Bindery.isOpen(ctx, "db") && !Bindery.isOpen(ctx, "audit") && Bindery.routes(ctx).isEmpty()
                    && String.valueOf(n).equals(ctx.header("X-Request"));
            boolean contextEmpty = BindContext.current().isEmpty();
            RoutingSession db = Bindery.session(ctx);
            if (write) {
                db.persist(new Note("req-" + n));
                db.flush();
            } else {
                db.createSelectionQuery("from Note where text = :t", Note.class).setParameter("t", "req-" + n)
                        .getResultList();
            }
            List<String> auditBinds = null;
            if (audit) {
                RoutingSession a = Bindery.session(ctx, "audit");
                a.persist(new Note("audit-" + n));
                a.flush();
                auditBinds = binds(a.routes());
            }
            Map<String, Object> body = new HashMap<>();
            body.put("n", n);
            body.put("fresh", fresh);
            body.put("contextEmpty", contextEmpty);
            body.put("primaryReads", Bindery.readsFromPrimary(ctx));
            body.put("db", binds(db.routes()));
            body.put("audit", auditBinds);
            ctx.json(body);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private static List<String> binds(List<Route> routes) {
        return routes.stream().map(Route::bind).distinct().toList();
    }

    /** Client threads: virtual threads where the JDK has them, else a pool of platform threads. */
    static final class ClientThreads implements AutoCloseable {
        final ExecutorService executor;
        final String kind;

        private ClientThreads(ExecutorService executor, String kind) {
            this.executor = executor;
            this.kind = kind;
        }

        static ClientThreads open() {
            try {
                ExecutorService virtual = (ExecutorService) Executors.class
                        .getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
                return new ClientThreads(virtual, "virtual (one per request)");
            } catch (ReflectiveOperationException e) {
                return new ClientThreads(Executors.newFixedThreadPool(REQUESTS), "platform (" + REQUESTS + ")");
            }
        }

        @Override
        public void close() {
            executor.shutdownNow();
        }
    }
}
