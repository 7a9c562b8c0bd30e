package dev.bindery.servlet;

import dev.bindery.hibernate.Database;
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
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The servlet filter example of docs/web.md, compiled and run in Jetty 12 against real H2. */
class FilterDocsExampleTest {

    /** The servlet of the example: POST writes a note, GET counts them. */
    static final class NotesServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            // tag::servlet-use[]
            RoutingSession s = BinderyFilter.session(request);     // or BinderyFilter.session(request, "audit")
            s.persist(new Note(new String(request.getInputStream().readAllBytes())));
            // end::servlet-use[]
            response.setStatus(201);
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            long n = BinderyFilter.session(request).createSelectionQuery("select count(n) from Note n", Long.class)
                    .getSingleResult();
            response.getWriter().write(String.valueOf(n));
        }
    }

    @Test
    void theDocsFilterCommitsPostsOnThePrimaryAndServesGetsFromTheReplica() throws Exception {
        try (TestDatabase data = TestDatabase.create("filter-docs"); TestDatabase auditData = TestDatabase.create("filter-docs-audit")) {
            Database db = data.db;
            Database auditDb = auditData.db;
            Server jetty = new Server();
            ServerConnector connector = new ServerConnector(jetty);
            connector.setPort(0);
            jetty.addConnector(connector);
            ServletContextHandler context = new ServletContextHandler();
            context.addServlet(new ServletHolder(new NotesServlet()), "/notes");
            // tag::servlet-filter[]
            BinderyFilter filter = BinderyFilter.builder()
                    .session(db)                                                 // key "db", per request
                    .session("audit", auditDb, SessionAvailability.ON_DEMAND)    // only after openOnDemand
                    .resolver(req -> RequestTarget.region(req.getHeader("X-Region")))
                    .bindHeader("X-Bind")
                    .build();
            context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));   // Jetty 12 ee10
            // end::servlet-filter[]
            jetty.setHandler(context);
            jetty.start();
            try {
                HttpClient client = HttpClient.newHttpClient();
                String base = "http://localhost:" + connector.getLocalPort();
                HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create(base + "/notes"))
                        .POST(HttpRequest.BodyPublishers.ofString("from the docs")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(post.statusCode()).isEqualTo(201);
                assertThat(post.headers().firstValue("X-Bind")).hasValue("default");
                HttpResponse<String> get = client.send(HttpRequest.newBuilder(URI.create(base + "/notes")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(get.body()).isEqualTo("1");
                assertThat(get.headers().firstValue("X-Bind")).hasValue("replica");
            } finally {
                jetty.stop();
            }
            assertThat(data.texts()).containsExactly("from the docs");
            assertThat(auditData.texts()).isEmpty();
        }
    }
}
