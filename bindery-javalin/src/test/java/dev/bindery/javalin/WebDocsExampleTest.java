package dev.bindery.javalin;

import dev.bindery.Binds;
import dev.bindery.hibernate.Database;
import io.javalin.Javalin;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The quick start of docs/web.md, as written there (port 0 instead of 7070). */
class WebDocsExampleTest {

    @Test
    void theQuickStartRoutesGetsToTheReplicaAndPostsToThePrimary() throws Exception {
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
        }).start(0);

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
}
