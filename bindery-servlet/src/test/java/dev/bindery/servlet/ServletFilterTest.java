package dev.bindery.javalin;

import dev.bindery.hibernate.RoutingSession;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The same per-request lifecycle as a Jakarta Servlet filter, in a plain Jetty servlet container. */
class ServletFilterTest {
    private final TestDatabase data = TestDatabase.create("filter");
    private final AtomicReference<RoutingSession> lastSession = new AtomicReference<>();
    private final HttpClient client = HttpClient.newHttpClient();
    private Server jetty;
    private String base;

    /** Writes the body as a note on POST (failing as asked by the path), lists the notes on GET. */
    final class NotesServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
            RoutingSession s = BinderyFilter.session(req);
            lastSession.set(s);
            res.getWriter().write(String.valueOf(s.createSelectionQuery("from Note", Note.class).getResultList().size()));
        }

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
            RoutingSession s = BinderyFilter.session(req);
            lastSession.set(s);
            s.persist(new Note(new String(req.getInputStream().readAllBytes())));
            s.flush();
            switch (req.getPathInfo()) {
                case "/throws" -> throw new IllegalStateException("servlet failed");
                case "/503" -> res.setStatus(503);
                default -> res.setStatus(201);
            }
        }
    }

    @BeforeEach
    void start() throws Exception {
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addFilter(new FilterHolder(BinderyFilter.builder().session(data.db).bindHeader("X-Bind").build()),
                "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new NotesServlet()), "/notes/*");
        jetty.setHandler(context);
        jetty.start();
        base = "http://localhost:" + connector.getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        jetty.stop();
        data.close();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aSuccessfulRequestCommitsOnThePrimaryAndMarksTheClient() throws Exception {
        HttpResponse<String> r = post("/notes/ok", "kept");
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.headers().firstValue("X-Bind")).hasValue("default");
        assertThat(TestServer.cookie(r, "bindery-ryw")).startsWith("w.");
        assertThat(data.texts()).containsExactly("kept");
        assertThat(lastSession.get().isOpen()).isFalse();
    }

    @Test
    void anExceptionOrAServerErrorRollsBack() throws Exception {
        assertThat(post("/notes/throws", "lost 1").statusCode()).isEqualTo(500);
        assertThat(lastSession.get().isOpen()).isFalse();
        assertThat(post("/notes/503", "lost 2").statusCode()).isEqualTo(503);
        assertThat(lastSession.get().isOpen()).isFalse();
        assertThat(data.texts()).isEmpty();
        assertThat(data.activeConnections()).isZero();
    }

    @Test
    void aGetReadsFromTheReplica() throws Exception {
        data.insert("one");
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/notes/")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).isEqualTo("1");
        assertThat(r.headers().firstValue("X-Bind")).hasValue("replica");
        assertThat(lastSession.get().isOpen()).isFalse();
    }
}
