package dev.bindery.servlet;

import dev.bindery.spi.Route;
import dev.bindery.spi.RouteReason;
import dev.bindery.hibernate.RoutingSession;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-request lifecycle as a Jakarta Servlet filter, in a plain Jetty servlet container over real H2. */
class ServletFilterTest {
    private final TestDatabase data = TestDatabase.create("filter");
    private final TestDatabase audit = TestDatabase.create("filter-audit");
    private final AtomicReference<RoutingSession> lastSession = new AtomicReference<>();
    private final Map<String, List<Route>> routesByRequest = new ConcurrentHashMap<>();
    private FilterServer server;

    /**
     * POST writes the body as a note (failing as the path asks), GET lists the notes; {@code /audit/...} also writes
     * to the on-demand key "audit", {@code /search} is a read-only POST, {@code /touch} a GET that writes.
     */
    final class NotesServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
            if ("/touch".equals(req.getPathInfo())) {
                BinderyFilter.readWrite(req);
                doPost(req, res);
                return;
            }
            RoutingSession s = BinderyFilter.session(req);
            lastSession.set(s);
            int size = s.createSelectionQuery("from Note", Note.class).getResultList().size();
            routesByRequest.put(String.valueOf(req.getHeader("X-Request")), RequestLifecycle.sessions(req).routes());
            res.getWriter().write(String.valueOf(size));
        }

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
            String path = String.valueOf(req.getPathInfo());
            if (path.startsWith("/search")) {
                BinderyFilter.readOnly(req);
                doGet(req, res);
                return;
            }
            if (path.startsWith("/audit")) {
                BinderyFilter.openOnDemand(req, "audit");
                BinderyFilter.session(req, "audit").persist(new Note("audit of " + path));
            }
            RoutingSession s = BinderyFilter.session(req);
            lastSession.set(s);
            s.persist(new Note(new String(req.getInputStream().readAllBytes())));
            s.flush();
            switch (path.substring(path.lastIndexOf('/'))) {   // /audit/throws: audit, then as /throws
                case "/throws" -> throw new IllegalStateException("servlet failed");
                case "/503" -> res.setStatus(503);
                case "/duplicate-at-commit" -> s.createSelectionQuery("from Note where text = 'mine'", Note.class)
                        .getSingleResult().setText("taken");   // flushed only at commit, where the unique text fails
                default -> res.setStatus(201);
            }
        }
    }

    private void start(UnaryOperator<BinderyFilter.Builder> options) {
        BinderyFilter filter = options.apply(BinderyFilter.builder().session(data.db)
                .session("audit", audit.db, SessionAvailability.ON_DEMAND).bindHeader("X-Bind")).build();
        server = new FilterServer(filter, "/notes/*", new NotesServlet());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        data.close();
        audit.close();
    }

    @Test
    void aSuccessfulRequestCommitsOnThePrimaryAndMarksTheClient() {
        start(b -> b);
        HttpResponse<String> r = server.send("POST", "/notes/ok", "kept");
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.headers().firstValue("X-Bind")).hasValue("default");
        assertThat(FilterServer.cookie(r, "bindery-ryw")).startsWith("w.");
        assertThat(FilterServer.setCookie(r, "bindery-ryw")).contains("Path=/", "HttpOnly", "SameSite=Lax", "Max-Age=5");
        assertThat(data.texts()).containsExactly("kept");
        assertThat(lastSession.get().isOpen()).isFalse();
    }

    @Test
    void anExceptionOrAServerErrorRollsBack() {
        start(b -> b);
        assertThat(server.send("POST", "/notes/throws", "lost 1").statusCode()).isEqualTo(500);
        assertThat(lastSession.get().isOpen()).isFalse();
        assertThat(server.send("POST", "/notes/503", "lost 2").statusCode()).isEqualTo(503);
        assertThat(lastSession.get().isOpen()).isFalse();
        assertThat(data.texts()).isEmpty();
        assertThat(data.activeConnections()).isZero();
    }

    @Test
    void aClientErrorRollsBackWhenTheRuleSaysSo() {
        start(b -> b.rollbackOn(RollbackRule.CLIENT_AND_SERVER_ERRORS));
        assertThat(server.send("POST", "/notes/ok", "kept").statusCode()).isEqualTo(201);
        assertThat(server.send("POST", "/notes/503", "lost").statusCode()).isEqualTo(503);
        assertThat(data.texts()).containsExactly("kept");
    }

    @Test
    void aGetReadsFromTheReplica() {
        start(b -> b);
        data.insert("one");
        HttpResponse<String> r = server.send("GET", "/notes/", null);
        assertThat(r.body()).isEqualTo("1");
        assertThat(r.headers().firstValue("X-Bind")).hasValue("replica");
        assertThat(lastSession.get().isOpen()).isFalse();
    }

    @Test
    void theClientThatWroteReadsFromThePrimaryUnderTheCookieNameItWasGiven() {
        start(b -> b.readYourWritesCookie("ryw").readYourWritesWindow(Duration.ofMinutes(5)));
        HttpResponse<String> write = server.send("POST", "/notes/ok", "mine");
        assertThat(FilterServer.cookie(write, "bindery-ryw")).isNull();
        String marker = FilterServer.cookie(write, "ryw");
        assertThat(marker).startsWith("w.");
        assertThat(FilterServer.setCookie(write, "ryw")).contains("Max-Age=300");

        HttpResponse<String> own = server.send("GET", "/notes/", null, "X-Request", "own", "Cookie", "ryw=" + marker);
        assertThat(own.headers().firstValue("X-Bind")).hasValue("default");
        assertThat(routesByRequest.get("own")).extracting(Route::reason).containsExactly(RouteReason.READ_YOUR_WRITES);
        HttpResponse<String> other = server.send("GET", "/notes/", null, "X-Request", "other");
        assertThat(other.headers().firstValue("X-Bind")).hasValue("replica");
    }

    @Test
    void readYourWritesOffSetsNoCookie() {
        start(b -> b.readYourWrites(false));
        HttpResponse<String> write = server.send("POST", "/notes/ok", "mine");
        assertThat(write.statusCode()).isEqualTo(201);
        assertThat(write.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void anOnDemandKeyServesTheServletsThatOpenIt() {
        start(b -> b);
        assertThat(server.send("POST", "/notes/audit", "audited").statusCode()).isEqualTo(201);
        assertThat(audit.texts()).containsExactly("audit of /audit");
        assertThat(data.texts()).containsExactly("audited");
        assertThat(audit.activeConnections()).isZero();
    }

    @Test
    void aReadOnlyPostReadsFromTheReplicaAndAWritingGetWritesToThePrimary() {
        start(b -> b);
        data.insert("seed");
        HttpResponse<String> search = server.send("POST", "/notes/search", "", "X-Request", "search");
        assertThat(search.headers().firstValue("X-Bind")).hasValue("replica");
        assertThat(search.body()).isEqualTo("1");
        HttpResponse<String> touch = server.send("GET", "/notes/touch", "");
        assertThat(touch.headers().firstValue("X-Bind")).hasValue("default");
        assertThat(data.texts()).containsExactly("seed", "");
    }

    @Test
    void aFailedCommitAnswers500AsJsonWithoutSqlAndKeepsNothing() {
        start(b -> b);
        data.insert("taken", "mine");
        HttpResponse<String> r = server.send("POST", "/notes/duplicate-at-commit", "new");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(r.body()).isEqualTo(CommitFailedException.RESPONSE_BODY).doesNotContainIgnoringCase("constraint");
        assertThat(data.texts()).containsExactly("taken", "mine");
        assertThat(data.activeConnections()).isZero();
    }

    @Test
    void whenALaterKeyFailsToCommitTheEarlierKeysStayCommittedAndTheAnswerIs500() {
        start(b -> b);
        data.insert("taken", "mine");
        HttpResponse<String> r = server.send("POST", "/notes/audit/duplicate-at-commit", "new");   // audit opens first
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).isEqualTo(CommitFailedException.RESPONSE_BODY);
        assertThat(audit.texts()).containsExactly("audit of /audit/duplicate-at-commit");
        assertThat(data.texts()).containsExactly("taken", "mine");
        assertThat(audit.activeConnections()).isZero();
        assertThat(data.activeConnections()).isZero();
    }

    @Test
    void anUnknownBindNamedByTheRequestAnswers404AsJsonAndKeepsNothing() {
        start(b -> b.resolver(req -> RequestTarget.bind(req.getHeader("X-Use-Bind"))));
        HttpResponse<String> r = server.send("POST", "/notes/ok", "lost", "X-Use-Bind", "no-such-bind");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(r.body()).isEqualTo("{\"error\":\"Not found\"}").doesNotContain("no-such-bind", "replica");
        HttpResponse<String> known = server.send("GET", "/notes/", null, "X-Use-Bind", "default");
        assertThat(known.headers().firstValue("X-Bind")).hasValue("default");
        assertThat(data.texts()).isEmpty();
        assertThat(data.activeConnections()).isZero();
    }
}
